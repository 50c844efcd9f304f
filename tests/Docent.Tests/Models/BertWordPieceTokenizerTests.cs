using System.Text;
using System.Text.Json;
using Docent.Models.Onnx;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Models;

public sealed class BertWordPieceTokenizerTests
{
    private static readonly Lazy<BertWordPieceTokenizer> BaseUncased = new(() =>
        BertWordPieceTokenizer.FromVocabularyFile(RepositoryPaths.Fixture("bert-base-uncased", "vocab.txt")));

    /// <summary>llama.cpp's test-tokenizer-0 vectors for bge-small / bert-base-uncased: input strings and expected ids.</summary>
    public static TheoryData<int> LlamaCppCases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < LoadLlamaCppVectors().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void LlamaCppVectorFileHolds46Cases()
    {
        Assert.Equal(46, LoadLlamaCppVectors().Count);
    }

    [Theory]
    [MemberData(nameof(LlamaCppCases))]
    public void ReproducesLlamaCppVector(int index)
    {
        var (input, expected) = LoadLlamaCppVectors()[index];

        var actual = BaseUncased.Value.Tokenize(input);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TokenizerJsonBuiltFromTheSameVocabularyGivesTheSameIdsOnAllVectors()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "tokenizer.json");
        WriteTokenizerJson(path, File.ReadAllLines(RepositoryPaths.Fixture("bert-base-uncased", "vocab.txt")), lowercase: true);
        var fromJson = BertWordPieceTokenizer.FromTokenizerJson(path);

        Assert.True(fromJson.LowerCase);
        Assert.True(fromJson.StripAccents);
        Assert.Equal(30522, fromJson.VocabularySize);
        Assert.Equal(128, fromJson.ModelMaxLength);
        foreach (var (input, expected) in LoadLlamaCppVectors())
        {
            Assert.Equal(expected, fromJson.Tokenize(input));
        }
    }

    [Fact]
    public void CasedTokenizerJsonKeepsCaseAndAccents()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "tokenizer.json");
        WriteTokenizerJson(path, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "Hello", "hello", "ü", "u", "F", "##ü"], lowercase: false);
        var tokenizer = BertWordPieceTokenizer.FromTokenizerJson(path);

        Assert.False(tokenizer.LowerCase);
        Assert.False(tokenizer.StripAccents);
        Assert.Equal([4, 5, 8, 9], tokenizer.Tokenize("Hello hello Fü"));
    }

    [Fact]
    public void EncodeAddsClassificationAndSeparatorAndTruncates()
    {
        var tokenizer = BaseUncased.Value;

        var full = tokenizer.Encode("Hello, world!", 512);
        var cut = tokenizer.Encode("Hello, world!", 4);

        Assert.Equal([101L, 7592, 1010, 2088, 999, 102], full.InputIds.ToArray());
        Assert.Equal([1L, 1, 1, 1, 1, 1], full.AttentionMask.ToArray());
        Assert.Equal(new long[6], full.TokenTypeIds.ToArray());
        Assert.False(full.Truncated);
        Assert.Equal([101L, 7592, 1010, 102], cut.InputIds.ToArray());
        Assert.True(cut.Truncated);
    }

    [Fact]
    public void EncodePairMarksTheSecondTextAndTruncatesTheLongerFirst()
    {
        var tokenizer = BaseUncased.Value;

        var pair = tokenizer.EncodePair("hello world", "this is", 512);
        var cut = tokenizer.EncodePair("hello", "this is a long passage", 8);

        Assert.Equal([101L, 7592, 2088, 102, 2023, 2003, 102], pair.InputIds.ToArray());
        Assert.Equal([0L, 0, 0, 0, 1, 1, 1], pair.TokenTypeIds.ToArray());
        Assert.False(pair.Truncated);

        // Budget 5 word pieces: the passage (5) is cut to 4 while the query (1) stays whole.
        Assert.Equal([101L, 7592, 102, 2023, 2003, 1037, 2146, 102], cut.InputIds.ToArray());
        Assert.True(cut.Truncated);
    }

    [Fact]
    public void DecomposesPrecomposedLettersBeforeStrippingAccents()
    {
        var tokenizer = BaseUncased.Value;

        // Vietnamese (two marks on one letter), Greek with tonos, Kelvin sign (a singleton), Hangul.
        Assert.Equal(tokenizer.Tokenize("cua viet"), tokenizer.Tokenize("Cửa Việt"));
        Assert.Equal(tokenizer.Tokenize("αθηνα"), tokenizer.Tokenize("Αθήνα"));
        Assert.Equal(tokenizer.Tokenize("k"), tokenizer.Tokenize("\u212A"));
        Assert.Equal(tokenizer.Tokenize("\u1112\u1161\u11AB"), tokenizer.Tokenize("\uD55C"));
    }

    [Fact]
    public void LineBreaksSeparateWordsAndFormatCharactersAreDropped()
    {
        var tokenizer = BaseUncased.Value;

        // ML.Tokenizers alone drops '\n' (a control character) and would give "hello ##world".
        Assert.Equal([7592, 2088], tokenizer.Tokenize("hello\nworld"));
        Assert.Equal([7592, 2088], tokenizer.Tokenize("hello\r\n\tworld"));
        Assert.Equal(tokenizer.Tokenize("software"), tokenizer.Tokenize("soft\u00ADware"));
        Assert.Equal(tokenizer.Tokenize("a b"), tokenizer.Tokenize("a\u00A0b"));
    }

    [Fact]
    public void SpecialTokensInTheTextAreKeptWhole()
    {
        Assert.Equal([7592, 102, 2088], BaseUncased.Value.Tokenize("hello [SEP] world"));
    }

    [Fact]
    public void ModelDirectoryWithoutTokenizerNamesTheMissingFile()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => BertWordPieceTokenizer.FromModelDirectory(temp.Path));

        Assert.Contains("vocab.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelDirectoryReadsCasingFromTokenizerConfig()
    {
        using var temp = new TempDirectory();
        File.WriteAllLines(Path.Combine(temp.Path, "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "Hello", "hello"]);
        File.WriteAllText(Path.Combine(temp.Path, "tokenizer_config.json"), """{ "do_lower_case": false, "model_max_length": 256 }""");

        var tokenizer = BertWordPieceTokenizer.FromModelDirectory(temp.Path);

        Assert.False(tokenizer.LowerCase);
        Assert.Equal(256, tokenizer.ModelMaxLength);
        Assert.Equal([5, 6], tokenizer.Tokenize("Hello hello"));
    }

    [Fact]
    public void NonWordPieceTokenizerJsonIsRejectedWithTheReason()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "tokenizer.json");
        File.WriteAllText(path, """{ "model": { "type": "BPE", "vocab": {} } }""");

        var error = Assert.Throws<InvalidDataException>(() => BertWordPieceTokenizer.FromTokenizerJson(path));

        Assert.Contains("BPE", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static List<(string Input, int[] Expected)> LoadLlamaCppVectors()
    {
        var folder = RepositoryPaths.Fixture("llama.cpp-vocab");
        var inputs = File.ReadAllText(Path.Combine(folder, "ggml-vocab-bert-bge.gguf.inp"), Encoding.UTF8)
            .Split("\n__ggml_vocab_test__\n");
        var outputs = File.ReadAllText(Path.Combine(folder, "ggml-vocab-bert-bge.gguf.out"), Encoding.UTF8).Split('\n');

        // The input file ends with a separator, so the last piece is empty; the output file ends with a newline.
        var count = inputs.Length - 1;
        Assert.Equal("", inputs[^1]);
        var cases = new List<(string, int[])>(count);
        for (var i = 0; i < count; i++)
        {
            var ids = outputs[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            cases.Add((inputs[i], ids));
        }

        return cases;
    }

    private static void WriteTokenizerJson(string path, IReadOnlyList<string> vocabulary, bool lowercase)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Count; i++)
        {
            if (vocabulary[i].Length > 0)
            {
                vocab[vocabulary[i]] = i;
            }
        }

        var document = new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["truncation"] = new Dictionary<string, object> { ["max_length"] = 128, ["strategy"] = "LongestFirst" },
            ["normalizer"] = new Dictionary<string, object?>
            {
                ["type"] = "BertNormalizer",
                ["clean_text"] = true,
                ["handle_chinese_chars"] = true,
                ["strip_accents"] = null,
                ["lowercase"] = lowercase,
            },
            ["pre_tokenizer"] = new Dictionary<string, object> { ["type"] = "BertPreTokenizer" },
            ["post_processor"] = new Dictionary<string, object>
            {
                ["type"] = "BertProcessing",
                ["sep"] = new object[] { "[SEP]", vocab["[SEP]"] },
                ["cls"] = new object[] { "[CLS]", vocab["[CLS]"] },
            },
            ["model"] = new Dictionary<string, object>
            {
                ["type"] = "WordPiece",
                ["unk_token"] = "[UNK]",
                ["continuing_subword_prefix"] = "##",
                ["max_input_chars_per_word"] = 100,
                ["vocab"] = vocab,
            },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document));
    }
}
