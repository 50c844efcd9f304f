using Docent.Answering;
using Docent.Answering.Extractive;

namespace Docent.Tests.Answering;

public class QuestionClassifierTests
{
    [Theory]
    [InlineData("Who founded Acme?", "Person")]
    [InlineData("When was the tower completed?", "Time")]
    [InlineData("In what year did the war end?", "Time")]
    [InlineData("How many employees does Acme have?", "Quantity")]
    [InlineData("How much does the Pro plan cost?", "Quantity")]
    [InlineData("What percentage of users upgrade?", "Quantity")]
    [InlineData("What is the price of the Pro plan?", "Quantity")]
    [InlineData("Where is the reset button?", "Place")]
    [InlineData("How do I reset my password?", "Procedure")]
    [InlineData("How to install the driver", "Procedure")]
    [InlineData("Why does the backup fail?", "Reason")]
    [InlineData("What is a chunk?", "Definition")]
    [InlineData("Does the tool support PDF?", "General")]
    public void ClassifiesByWording(string question, string expected) =>
        Assert.Equal(Enum.Parse<QuestionType>(expected), QuestionClassifier.Classify(question));
}
