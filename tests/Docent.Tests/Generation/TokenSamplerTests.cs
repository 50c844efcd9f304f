using Docent.Generation;

namespace Docent.Tests.Generation;

public sealed class TokenSamplerTests
{
    // Probabilities 0.5, 0.3, 0.15, 0.05 at temperature 1.
    private static readonly float[] Logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.15f), MathF.Log(0.05f)];

    private static int[] Counts(SamplingOptions options, float[] logits, int draws = 1000, int[]? history = null)
    {
        var sampler = new TokenSampler(options);
        var counts = new int[logits.Length];
        for (var i = 0; i < draws; i++)
        {
            counts[sampler.Sample(logits, history ?? [])]++;
        }

        return counts;
    }

    [Fact]
    public void TemperatureZeroIsArgmax()
    {
        var sampler = new TokenSampler(new SamplingOptions { Temperature = 0, TopK = 3, TopP = 0.5f, MinP = 0.1f, Seed = 1 });
        Assert.Equal(2, sampler.Sample([0.1f, -3f, 4f, 3.9f]));
    }

    [Fact]
    public void TopKTwoNeverReturnsTheThirdBest()
    {
        var counts = Counts(new SamplingOptions { Temperature = 1, TopK = 2, Seed = 5 }, Logits);
        Assert.Equal(0, counts[2] + counts[3]);
        Assert.True(counts[0] > 0 && counts[1] > 0);
        // Renormalised over the two kept: 0.5 / 0.8 = 0.625.
        Assert.InRange(counts[0] / 1000.0, 0.58, 0.67);
    }

    [Fact]
    public void TopPKeepsTheSmallestSetReachingP()
    {
        // Cumulative 0.5, 0.8, 0.95: top-p 0.75 keeps the first two, 0.9 the first three.
        var two = Counts(new SamplingOptions { Temperature = 1, TopP = 0.75f, Seed = 3 }, Logits);
        Assert.Equal(0, two[2] + two[3]);
        Assert.True(two[1] > 0);
        var three = Counts(new SamplingOptions { Temperature = 1, TopP = 0.9f, Seed = 3 }, Logits);
        Assert.Equal(0, three[3]);
        Assert.True(three[2] > 0);
    }

    [Fact]
    public void MinPCutsTokensBelowPTimesTheMax()
    {
        // min-p 0.2 → threshold 0.1: 0.15 stays, 0.05 goes.
        var counts = Counts(new SamplingOptions { Temperature = 1, MinP = 0.2f, Seed = 11 }, Logits);
        Assert.Equal(0, counts[3]);
        Assert.True(counts[2] > 0);
        var strict = Counts(new SamplingOptions { Temperature = 1, MinP = 0.5f, Seed = 11 }, Logits);
        Assert.Equal(0, strict[2] + strict[3]);
        Assert.True(strict[1] > 0);
    }

    [Fact]
    public void TemperatureReshapesTheDistribution()
    {
        float[] logits = [MathF.Log(3f), 0f]; // p = 0.75 at T = 1; 0.9 at T = 0.5 (3² : 1)
        Assert.InRange(Counts(new SamplingOptions { Temperature = 1, Seed = 2 }, logits, 10_000)[0] / 10_000.0, 0.73, 0.77);
        Assert.InRange(Counts(new SamplingOptions { Temperature = 0.5f, Seed = 2 }, logits, 10_000)[0] / 10_000.0, 0.88, 0.92);
        // The filtered path draws from the same distribution: top-k 2 of 2 does not filter, top-k 2 of 3 does.
        float[] three = [MathF.Log(3f), 0f, -20f];
        Assert.InRange(Counts(new SamplingOptions { Temperature = 0.5f, TopK = 2, Seed = 2 }, three, 10_000)[0] / 10_000.0, 0.88, 0.92);
    }

    [Fact]
    public void RepeatPenaltyDividesPositiveAndMultipliesNegativeLogits()
    {
        float[] logits = [2f, -1f, 1.5f, 0.5f];
        TokenSampler.ApplyRepeatPenalty(logits, [0, 1, 0], 2f);
        Assert.Equal([1f, -2f, 1.5f, 0.5f], logits);
    }

    [Fact]
    public void RepeatPenaltyChangesTheArgmax_OnlyOverTheLastN()
    {
        float[] logits = [2f, 1.5f, -1f];
        Assert.Equal(0, new TokenSampler(new SamplingOptions { Seed = 1 }).Sample(logits, [0]));
        Assert.Equal(1, new TokenSampler(new SamplingOptions { RepeatPenalty = 2f, Seed = 1 }).Sample(logits, [0]));
        // Token 0 is older than the last 2 tokens: not penalised.
        Assert.Equal(0, new TokenSampler(new SamplingOptions { RepeatPenalty = 2f, RepeatLastN = 2, Seed = 1 }).Sample(logits, [0, 2, 2]));
        Assert.Equal([2f, 1.5f, -1f], logits); // the caller's logits are left alone
    }

    [Fact]
    public void TheSameSeedGivesTheSameDraws_AndThePlainPathIsUnchanged()
    {
        var a = Counts(new SamplingOptions { Temperature = 1, TopK = 3, TopP = 0.95f, Seed = 9 }, Logits, 200);
        var b = Counts(new SamplingOptions { Temperature = 1, TopK = 3, TopP = 0.95f, Seed = 9 }, Logits, 200);
        Assert.Equal(a, b);
        var plain = new TokenSampler(1f, 4);
        var options = new TokenSampler(new SamplingOptions { Temperature = 1, Seed = 4 });
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(plain.Sample(Logits), options.Sample(Logits));
        }
    }

    [Theory]
    [InlineData(-0.1f, 0, 1f, 0f, 1f)]
    [InlineData(1f, -1, 1f, 0f, 1f)]
    [InlineData(1f, 0, 0f, 0f, 1f)]
    [InlineData(1f, 0, 1.1f, 0f, 1f)]
    [InlineData(1f, 0, 1f, 1f, 1f)]
    [InlineData(1f, 0, 1f, 0f, 0f)]
    public void OutOfRangeOptionsAreRejected(float temperature, int topK, float topP, float minP, float penalty)
    {
        var options = new SamplingOptions { Temperature = temperature, TopK = topK, TopP = topP, MinP = minP, RepeatPenalty = penalty };
        Assert.ThrowsAny<ArgumentException>(() => new TokenSampler(options));
    }
}
