using Docent.Generation;
using Docent.Generation.Tokenization;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Generation;

/// <summary>llama.cpp's own tokenizer test vectors (test-tokenizer-0: no BOS, no special parsing).</summary>
public sealed class LlamaCppTokenizerVectorTests
{
    [Theory]
    [InlineData("ggml-vocab-llama-spm.gguf", typeof(LlamaSpmTokenizer))]
    [InlineData("ggml-vocab-gpt-2.gguf", typeof(ByteLevelBpeTokenizer))]
    public void EveryVectorEncodesAsLlamaCppDoes(string vocabulary, Type expectedType)
    {
        var (tokenizer, cases) = Load(vocabulary);
        Assert.IsType(expectedType, tokenizer);
        Assert.Equal(46, cases.Count);
        var mismatches = cases
            .Select((c, i) => (i, c.Input, Expected: string.Join(' ', c.Expected), Actual: string.Join(' ', tokenizer.Encode(c.Input, addBos: false, parseSpecial: false))))
            .Where(c => c.Expected != c.Actual)
            .Select(c => $"#{c.i} '{c.Input}': expected [{c.Expected}] got [{c.Actual}]")
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Theory]
    [InlineData("ggml-vocab-llama-spm.gguf")]
    [InlineData("ggml-vocab-gpt-2.gguf")]
    public void EveryVectorDecodesBackToItsInput(string vocabulary)
    {
        var (tokenizer, cases) = Load(vocabulary);
        var failures = cases.Where(c => tokenizer.DecodeToString(tokenizer.Encode(c.Input, addBos: false, parseSpecial: false)) != c.Input).Select(c => c.Input).ToList();
        Assert.Empty(failures);

        // With BOS first, the decoded stream is the same text (the generator decodes with the previous token).
        foreach (var (input, _) in cases)
        {
            var ids = tokenizer.Encode(input, addBos: true, parseSpecial: false);
            Assert.Equal(input, tokenizer.DecodeToString(ids));
        }
    }

    [Fact]
    public void TheVocabularyFilesDescribeTheirTokenizers()
    {
        var (spm, _) = Load("ggml-vocab-llama-spm.gguf");
        Assert.Equal((32000, 1, 2, true), (spm.Count, spm.BosId, spm.EosId, spm.AddBos));
        Assert.Equal([1, 15043, 3186], spm.Encode("Hello world", addBos: true, parseSpecial: false));
        Assert.Empty(spm.Encode("", addBos: false, parseSpecial: false));
        Assert.Equal([1], spm.Encode("", addBos: true, parseSpecial: false));

        var (gpt2, _) = Load("ggml-vocab-gpt-2.gguf");
        Assert.Equal((50257, 50256, 50256, false), (gpt2.Count, gpt2.BosId, gpt2.EosId, gpt2.AddBos));
        Assert.Equal("gpt-2", ((ByteLevelBpeTokenizer)gpt2).PreTokenizer);
    }

    internal static string VocabularyPath(string name) => RepositoryPaths.Fixture("llama.cpp-vocab", name);

    internal static GenerationTokenizer Open(string name)
    {
        using var file = GgufFile.Open(VocabularyPath(name));
        return GenerationTokenizer.FromGguf(file);
    }

    private static (GenerationTokenizer Tokenizer, List<(string Input, int[] Expected)> Cases) Load(string name)
    {
        var path = VocabularyPath(name);
        var inputs = File.ReadAllText(path + ".inp").Split("\n__ggml_vocab_test__\n");
        var outputs = File.ReadAllLines(path + ".out");
        Assert.Equal(outputs.Length + 1, inputs.Length); // every input ends with the marker
        Assert.Equal("", inputs[^1]);
        var cases = outputs.Select((line, i) => (inputs[i], line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray())).ToList();
        return (Open(name), cases);
    }
}
