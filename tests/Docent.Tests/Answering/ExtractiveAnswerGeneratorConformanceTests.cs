using Docent.Answering;
using Docent.Answering.Extractive;
using Docent.Answering.Generative;
using Docent.Grounding;
using Docent.Text;

namespace Docent.Tests.Answering;

/// <summary>The extractive generator against the shared contract; it has no model, so the model's reply is ignored.</summary>
public sealed class ExtractiveAnswerGeneratorConformanceTests : AnswerGeneratorConformanceTests
{
    protected override IAnswerGenerator Create(string modelReply) => new ExtractiveAnswerGenerator(new EnglishAnalyzer(), new SentenceSplitter());
}
