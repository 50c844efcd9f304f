using System.Text;
using Docent.Generation;
using Docent.Generation.Tokenization;
using Docent.Tests.TestSupport;
using Microsoft.ML.Tokenizers;

namespace Docent.Tests.Generation;

public sealed class Llama2CTokenizerTests
{
    public static TheoryData<string> Sentences =>
    [
        "Hello world",
        "Once upon a time, there was a little girl named Lily.",
        "Café naïve résumé Führer",
        "我想在apple工作1314151天",
        "emoji 🦙🚀😶‍🌫️ ok",
        "  multiple   spaces  ",
        "numbers 1234567890 and 3.14159",
        "tabs\tand\nnewlines\n\n",
        "Ελληνικά και Русский",
        "'quotes' \"double\" — dash…",
        "ÀÉÎÕÜ àéîõü ß",
        "x",
        " leading space",
    ];

    private static string Llama2Folder => RepositoryPaths.Fixture("llama2c-tokenizer");

    private static string StoriesFolder => RepositoryPaths.Fixture("stories260K");

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Llama2TokenizerBinEncodesAsSentencePieceDoes(string text)
    {
        var tokenizer = GenerationTokenizer.FromLlama2C(Path.Combine(Llama2Folder, "tokenizer.bin"), 32000);
        using var model = File.OpenRead(Path.Combine(Llama2Folder, "tokenizer.model"));
        var sentencePiece = LlamaTokenizer.Create(model, addBeginOfSentence: false);
        var expected = sentencePiece.EncodeToIds(text, addBeginningOfSentence: true, addEndOfSentence: false, considerPreTokenization: true, considerNormalization: true);
        Assert.Equal(expected, tokenizer.Encode(text, addBos: true, parseSpecial: false));
        Assert.Equal(text, tokenizer.DecodeToString(tokenizer.Encode(text, addBos: true, parseSpecial: false)));
    }

    [Theory]
    [MemberData(nameof(Sentences))]
    public void MergingAgreesWithRunCsQuadraticLoop(string text)
    {
        foreach (var (path, count) in new[] { (Path.Combine(Llama2Folder, "tokenizer.bin"), 32000), (Path.Combine(StoriesFolder, "tokenizer.bin"), 512) })
        {
            var tokenizer = GenerationTokenizer.FromLlama2C(path, count);
            Assert.Equal(RunCEncode(path, count, text), tokenizer.Encode(text, addBos: true, parseSpecial: false));
        }
    }

    [Fact]
    public void Stories260KEncodesHandCheckedStrings()
    {
        var tokenizer = GenerationTokenizer.FromLlama2C(Path.Combine(StoriesFolder, "tokenizer.bin"), 512);

        // " He" "ll" "o" " w" "or" "ld": the vocabulary has no " Hel", "llo", " wor" or "orld".
        Assert.Equal([1, 346, 306, 414, 263, 304, 341], tokenizer.Encode("Hello world", addBos: true, parseSpecial: false));
        Assert.Equal([" He", "ll", "o", " w", "or", "ld"], new[] { 346, 306, 414, 263, 304, 341 }.Select(tokenizer.GetText));

        // " Once" " upon" " a" " time": whole words of the tiny stories vocabulary.
        Assert.Equal([1, 403, 407, 261, 378], tokenizer.Encode("Once upon a time", addBos: true, parseSpecial: false));

        // No " x" token: the dummy prefix stays a token of its own. "ß" has no token: its UTF-8 bytes + 3.
        Assert.Equal([410, 444], tokenizer.Encode("x", addBos: false, parseSpecial: false));
        Assert.Equal([410, 0xC3 + 3, 0x9F + 3], tokenizer.Encode("ß", addBos: false, parseSpecial: false));
        Assert.Empty(tokenizer.Encode("", addBos: false, parseSpecial: false));
    }

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Stories260KGgufAndTokenizerBinAgree(string text)
    {
        using var file = GgufFile.Open(GgufFileTests.Stories260K);
        var fromGguf = GenerationTokenizer.FromGguf(file);
        var fromBin = GenerationTokenizer.FromLlama2C(Path.Combine(StoriesFolder, "tokenizer.bin"), 512);
        Assert.IsType<LlamaSpmTokenizer>(fromGguf);
        Assert.Equal(fromBin.Encode(text, addBos: true, parseSpecial: false), fromGguf.Encode(text, addBos: true, parseSpecial: false));
        Assert.Equal(text, fromGguf.DecodeToString(fromGguf.Encode(text, addBos: true, parseSpecial: false)));
    }

    [Fact]
    public void SpecialTextsBecomeTheirIdsOnlyWhenAsked()
    {
        var tokenizer = GenerationTokenizer.FromLlama2C(Path.Combine(StoriesFolder, "tokenizer.bin"), 512);
        var parsed = tokenizer.Encode("Hi</s>", addBos: false, parseSpecial: true);
        Assert.Equal(2, parsed[^1]);
        Assert.DoesNotContain(2, tokenizer.Encode("Hi</s>", addBos: false, parseSpecial: false));
        Assert.True(tokenizer.IsEndOfGeneration(2));
        Assert.False(tokenizer.IsEndOfGeneration(1));
    }

    [Fact]
    public void ATruncatedTokenizerBinFailsNamingTheFile()
    {
        using var temp = new TempDirectory();
        var bytes = File.ReadAllBytes(Path.Combine(StoriesFolder, "tokenizer.bin"));
        var path = temp.Write("cut-tokenizer.bin", bytes.AsSpan(0, bytes.Length - 5).ToArray());
        var error = Assert.Throws<InvalidDataException>(() => GenerationTokenizer.FromLlama2C(path, 512));
        Assert.Contains("cut-tokenizer.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);

        var garbage = temp.Write("garbage.bin", [1, 0, 0, 0, 0, 0, 0, 0, 200, 0, 0, 0]);
        error = Assert.Throws<InvalidDataException>(() => GenerationTokenizer.FromLlama2C(garbage, 512));
        Assert.Contains("garbage.bin", error.Message, StringComparison.Ordinal);
    }

    // llama2.c run.c's encode, transcribed literally (quadratic rescan after every merge) as the reference.
    private static List<int> RunCEncode(string path, int count, string text)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        reader.ReadInt32();
        var vocab = new string[count];
        var scores = new float[count];
        for (var i = 0; i < count; i++)
        {
            scores[i] = reader.ReadSingle();
            vocab[i] = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadInt32()));
        }

        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            lookup.TryAdd(vocab[i], i);
        }

        var tokens = new List<int> { 1 };
        if (text.Length > 0)
        {
            tokens.Add(lookup[" "]);
        }

        var utf8 = Encoding.UTF8.GetBytes(text);
        var buffer = new List<byte>();
        for (var c = 0; c < utf8.Length; c++)
        {
            if ((utf8[c] & 0xC0) != 0x80)
            {
                buffer.Clear();
            }

            buffer.Add(utf8[c]);
            if (c + 1 < utf8.Length && (utf8[c + 1] & 0xC0) == 0x80 && buffer.Count < 4)
            {
                continue;
            }

            if (lookup.TryGetValue(Encoding.UTF8.GetString([.. buffer]), out var id))
            {
                tokens.Add(id);
            }
            else
            {
                tokens.AddRange(buffer.Select(b => b + 3));
            }

            buffer.Clear();
        }

        while (true)
        {
            var bestScore = -1e10f;
            var bestId = -1;
            var bestIndex = -1;
            for (var i = 0; i < tokens.Count - 1; i++)
            {
                if (lookup.TryGetValue(vocab[tokens[i]] + vocab[tokens[i + 1]], out var id) && scores[id] > bestScore)
                {
                    (bestScore, bestId, bestIndex) = (scores[id], id, i);
                }
            }

            if (bestIndex < 0)
            {
                return tokens;
            }

            tokens[bestIndex] = bestId;
            tokens.RemoveAt(bestIndex + 1);
        }
    }
}
