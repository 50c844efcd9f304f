using Docent.Answering;
using Docent.Answering.Generative;

namespace Docent.Tests.Answering;

public sealed class TiktokenTokenCounterTests
{
    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("gpt-4o-mini")]
    [InlineData("gpt-4")]
    [InlineData("gpt-3.5-turbo")]
    [InlineData("openai/gpt-4o")]
    public void Known_openai_models_count_exactly(string model)
    {
        var counter = TiktokenTokenCounter.ForModel(model);

        Assert.True(counter.IsExact);
        Assert.Equal(1.0, counter.SafetyFactor);
        Assert.Equal(2, counter.CountTokens("hello world"));
    }

    [Theory]
    [InlineData("llama3.1:8b")]
    [InlineData("mistral-small")]
    [InlineData(null)]
    public void Unknown_models_count_with_o200k_and_the_safety_factor(string? model)
    {
        var counter = TiktokenTokenCounter.ForModel(model);
        var exact = TiktokenTokenCounter.ForModel("gpt-4o");
        const string Text = "The quick brown fox jumps over the lazy dog, twice, on 2024-01-15.";

        Assert.False(counter.IsExact);
        Assert.Equal((int)Math.Ceiling(exact.CountTokens(Text) * TiktokenTokenCounter.FallbackSafetyFactor), counter.CountTokens(Text));
        Assert.True(counter.CountTokens(Text) > exact.CountTokens(Text));
    }

    [Fact]
    public void Cl100k_and_o200k_models_count_differently_on_some_text()
    {
        const string Text = "Straßenbahnhaltestelle 東京都 ünïcödé — naïve façade";

        Assert.NotEqual(TiktokenTokenCounter.ForModel("gpt-4").CountTokens(Text), TiktokenTokenCounter.ForModel("gpt-4o").CountTokens(Text));
        Assert.Equal(0, TiktokenTokenCounter.ForModel("gpt-4o").CountTokens(string.Empty));
    }
}
