using Docent.Answering;
using Docent.Grounding;

namespace Docent.Tests.Grounding;

public sealed class NumberMentionsTests
{
    [Theory]
    [InlineData("It costs $1,500.", "1500")]
    [InlineData("Version 3.50 shipped.", "3.5")]
    [InlineData("Room 0042.", "42")]
    [InlineData("Use 1.2.3 or later.", "1.2.3")]
    [InlineData("the 21st floor", "21")]
    [InlineData("twenty-five days", "25")]
    [InlineData("thirty seven items", "37")]
    [InlineData("about 2 million users", "2|2000000")]
    [InlineData("two hundred pages", "2|200")]
    [InlineData("1.5 billion", "1.5|1500000000")]
    public void Numbers_are_read_with_their_meanings(string text, string expected)
    {
        var mention = Assert.Single(NumberMentions.Find(text));

        Assert.Equal(expected.Split('|'), mention.Values);
    }

    [Fact]
    public void Dates_fall_apart_into_their_numbers_and_a_time_stays_one()
    {
        Assert.Equal(["2024", "1", "15", "9:30"], NumberMentions.Find("On 2024-01-15 at 9:30.").SelectMany(m => m.Values));
        Assert.Equal(["8:00", "8"], Assert.Single(NumberMentions.Find("Opens at 08:00.")).Values);
        Assert.Equal("08:00", Assert.Single(NumberMentions.Find("Opens at 08:00.")).Surface);
    }

    [Fact]
    public void A_lone_one_is_not_a_claimed_number_but_a_source_still_holds_it()
    {
        Assert.Empty(NumberMentions.InClaim("One of the forms is missing."));
        Assert.Contains("1", NumberMentions.ValuesIn("Fill in one form."));
        Assert.Equal(["100"], NumberMentions.InClaim("One hundred forms.").Single().Values.Skip(1));
    }

    [Fact]
    public void Month_names_in_a_source_give_their_numbers()
    {
        var values = NumberMentions.ValuesIn("Due by March 31, or in May; you may ask.");

        Assert.Contains("3", values);
        Assert.Contains("31", values);
        Assert.Contains("5", values);
    }

    [Fact]
    public void A_list_of_numbers_stays_separate()
    {
        Assert.Equal(["1", "2", "3"], NumberMentions.Find("Steps 1, 2, 3").SelectMany(m => m.Values));
    }
}
