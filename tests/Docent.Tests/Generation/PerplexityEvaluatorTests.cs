using Docent.Generation;
using Docent.Generation.Tokenization;

namespace Docent.Tests.Generation;

public sealed class PerplexityEvaluatorTests
{
    /// <summary>
    /// A 3-token "model" that ignores the token: at a window's first position it predicts [0.5, 0.25, 0.25], later
    /// [0.2, 0.6, 0.2], so which positions condition on what shows in the result. Records its calls.
    /// </summary>
    private sealed class PositionModel
    {
        private static readonly float[] First = [MathF.Log(0.5f), MathF.Log(0.25f), MathF.Log(0.25f)];
        private static readonly float[] Later = [MathF.Log(0.2f), MathF.Log(0.6f), MathF.Log(0.2f)];

        public List<(int Token, int Position)> Calls { get; } = [];

        public ReadOnlySpan<float> Logits(int token, int position)
        {
            Calls.Add((token, position));
            return position == 0 ? First : Later;
        }
    }

    [Fact]
    public void OverlappingWindowsScoreEachTokenOnce_ConditioningOnTheWindow()
    {
        // Tokens 0 1 2 1, context 3, stride 2. Window [0,3) scores t1 (p 0.25, position 0) and t2 (p 0.2, position 1);
        // window [2,4) scores only t3, from position 0 (p 0.25). PPL = (4·5·4)^(1/3).
        var model = new PositionModel();
        var result = PerplexityEvaluator.Evaluate([0, 1, 2, 1], context: 3, stride: 2, model.Logits);
        Assert.Equal(3, result.ScoredTokens);
        Assert.Equal(2, result.Windows);
        Assert.Equal((Math.Log(4) + Math.Log(5) + Math.Log(4)) / 3, result.MeanNegativeLogLikelihood, 6);
        Assert.Equal(Math.Cbrt(80), result.Perplexity, 5);
        Assert.Equal([(0, 0), (1, 1), (2, 0)], model.Calls);
    }

    [Fact]
    public void StrideEqualToContextLeavesEachWindowsFirstTokenUnscored()
    {
        // Windows [0,2) and [2,4): t1 and t3 are scored (each from position 0, p 0.25), t2 starts a window.
        var result = PerplexityEvaluator.Evaluate([0, 1, 2, 1], context: 2, stride: 2, new PositionModel().Logits);
        Assert.Equal((2, 2), (result.ScoredTokens, result.Windows));
        Assert.Equal(4, result.Perplexity, 6);
    }

    [Fact]
    public void OneWindowCoveringEverythingScoresAllButTheFirst()
    {
        // p: t1 from position 0 = 0.25, t2 = 0.2, t3 = 0.6.
        var result = PerplexityEvaluator.Evaluate([0, 1, 2, 1], context: 8, stride: 4, new PositionModel().Logits);
        Assert.Equal((3, 1), (result.ScoredTokens, result.Windows));
        Assert.Equal(Math.Cbrt(4 * 5 / 0.6), result.Perplexity, 5);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 5)]
    [InlineData(4, 0)]
    public void BadWindowsAreRejected(int context, int stride) =>
        Assert.Throws<ArgumentException>(() => PerplexityEvaluator.Evaluate([0, 1, 2], context, stride, new PositionModel().Logits));

    [Fact]
    public void LogSoftmaxIsStable()
    {
        Assert.Equal(Math.Log(0.5), PerplexityEvaluator.LogSoftmaxAt([1000f, 1000f], 0), 9);
    }

    [Fact]
    public void Stories260KFindsItsOwnGreedyTextEasyAndShuffledTextHard()
    {
        using var file = GgufFile.Open(GgufFileTests.Stories260K);
        var model = LlamaModel.Load(file);
        var generator = new LlamaGenerator(model, GenerationTokenizer.FromGguf(file));
        List<int> tokens = [1, .. generator.GenerateTokens(120, new TokenSampler(0, 1), CancellationToken.None).Select(t => t.Token)];
        var own = PerplexityEvaluator.Evaluate(tokens, 64, 32, model.Forward);
        List<int> shuffled = [1, .. tokens.Skip(1).OrderBy(t => (t * 7919) % 104729)];
        var mixed = PerplexityEvaluator.Evaluate(shuffled, 64, 32, model.Forward);
        Assert.Equal(tokens.Count - 1, own.ScoredTokens);
        Assert.InRange(own.Perplexity, 1, 4);
        Assert.True(mixed.Perplexity > 5 * own.Perplexity, $"shuffled {mixed.Perplexity} vs own {own.Perplexity}");
    }

    [Fact]
    public void Stories260KPerplexityOfATinyStoriesSentenceIsPlausible()
    {
        using var file = GgufFile.Open(GgufFileTests.Stories260K);
        var model = LlamaModel.Load(file);
        var tokenizer = LocalChatClient.CreateTokenizer(file);
        var tokens = tokenizer.Encode(
            "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her friends. " +
            "One day, she saw a big red ball under a tree.", tokenizer.AddBos, parseSpecial: false);
        var result = PerplexityEvaluator.Evaluate(tokens, 256, 128, model.Forward);
        Assert.Equal(tokens.Count - 1, result.ScoredTokens);
        // A 260K-parameter TinyStories model: far better than uniform over 512 tokens, far from perfect.
        Assert.InRange(result.Perplexity, 1.5, 40);
    }

    [Theory]
    [InlineData(64, 32, 5)]
    [InlineData(40, 40, 64)]
    [InlineData(300, 150, 64)]
    public void BatchedWindowsGiveTheSamePerplexityAsTokenByToken(int context, int stride, int batchSize)
    {
        using var file = GgufFile.Open(GgufFileTests.Stories260K);
        using var model = LlamaModel.Load(file);
        var tokenizer = GenerationTokenizer.FromGguf(file);
        var tokens = tokenizer.Encode(
            "Tom had a red kite. He ran to the hill and the wind took the kite up high. Tom laughed and laughed. " +
            "Then the string broke and the kite flew away over the trees, and Tom was sad until his mom gave him a hug.", true, false);
        var single = PerplexityEvaluator.Evaluate(tokens, context, stride, model.Forward);
        var batched = PerplexityEvaluator.Evaluate(tokens, context, stride, model.VocabularySize, batchSize, model.ForwardBatch);
        Assert.Equal((single.ScoredTokens, single.Windows), (batched.ScoredTokens, batched.Windows));
        Assert.Equal(single.MeanNegativeLogLikelihood, batched.MeanNegativeLogLikelihood, 1e-4);
    }
}
