using Docent.Generation;
using Docent.Generation.Tokenization;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Generation;

public sealed class GenerationTokenizerTests
{
    private const int ImStart = 3;
    private const int ImEnd = 4;
    private const int UserDefinedIm = 5;
    private const int SpaceUser = 6;

    [Fact]
    public void Gpt2EndOfTextIsParsedOnlyWhenAskedAndEndsGeneration()
    {
        var tokenizer = LlamaCppTokenizerVectorTests.Open("ggml-vocab-gpt-2.gguf");
        Assert.Equal([15496, 50256, 995], tokenizer.Encode("Hello<|endoftext|> world", addBos: false, parseSpecial: true));
        var plain = tokenizer.Encode("Hello<|endoftext|> world", addBos: false, parseSpecial: false);
        Assert.DoesNotContain(50256, plain);
        Assert.Equal("Hello<|endoftext|> world", tokenizer.DecodeToString(plain));

        Assert.Equal(GgufTokenType.Control, tokenizer.GetTokenType(50256));
        Assert.True(tokenizer.IsEndOfGeneration(50256));
        Assert.False(tokenizer.IsEndOfGeneration(15496));

        // Control tokens render as nothing, as llama.cpp's token_to_piece does without special rendering.
        Assert.Equal(0, tokenizer.Decode(15496, 50256).Length);
        Assert.Equal("Hello world", tokenizer.DecodeToString(tokenizer.Encode("Hello<|endoftext|> world", addBos: false, parseSpecial: true)));
    }

    [Fact]
    public void SpecialTokensMatchLongestFirstAndUserDefinedOnesAlways()
    {
        var tokenizer = TinySpm();
        Assert.Equal([ImStart, SpaceUser, ImEnd], tokenizer.Encode("<|im_start|>user<|im_end|>", addBos: false, parseSpecial: true));
        Assert.Equal([1, ImStart, SpaceUser], tokenizer.Encode("<|im_start|>user", addBos: true, parseSpecial: true));

        // Without parseSpecial the control texts are plain text, but the user-defined "<|im" is still matched whole,
        // and (as llama.cpp does) the text after it is encoded like the start of the input, '▁' prefix included.
        var plain = tokenizer.Encode("<|im_start|>", addBos: false, parseSpecial: false);
        Assert.Equal([UserDefinedIm, .. tokenizer.Encode("_start|>", addBos: false, parseSpecial: false)], plain);
        Assert.DoesNotContain(ImStart, plain);
        Assert.Equal("<|im\u2581_start|>", tokenizer.DecodeToString(plain));

        Assert.True(tokenizer.IsEndOfGeneration(ImEnd));
        Assert.True(tokenizer.IsEndOfGeneration(2));
        Assert.False(tokenizer.IsEndOfGeneration(ImStart));

        // The prefix space after a control token is dropped again when decoding.
        Assert.Equal("user"u8.ToArray(), tokenizer.Decode(ImStart, SpaceUser).ToArray());
        Assert.Equal(" user"u8.ToArray(), tokenizer.Decode(SpaceUser, SpaceUser).ToArray());
    }

    [Fact]
    public void EndOfTurnIdsFromMetadataEndGeneration()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "eot.gguf");
        string[] tokens = ["<unk>", "<s>", "</s>", "a", "[END]"];
        Writer("llama", tokens).Add("tokenizer.ggml.scores", new float[tokens.Length]).Add("tokenizer.ggml.eot_token_id", 4u).Write(path);
        using var file = GgufFile.Open(path);
        var tokenizer = GenerationTokenizer.FromGguf(file);
        Assert.True(tokenizer.IsEndOfGeneration(4));
        Assert.False(tokenizer.IsEndOfGeneration(3));
    }

    [Fact]
    public void AddBosAndSpacePrefixFollowTheMetadata()
    {
        using var source = GgufFile.Open(LlamaCppTokenizerVectorTests.VocabularyPath("ggml-vocab-llama-spm.gguf"));
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "no-prefix.gguf");
        new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", source.GetArray("tokenizer.ggml.tokens").Cast<string>().ToArray())
            .Add("tokenizer.ggml.scores", source.GetArray("tokenizer.ggml.scores").Cast<float>().ToArray())
            .Add("tokenizer.ggml.token_type", source.GetArray("tokenizer.ggml.token_type").Cast<int>().ToArray())
            .Add("tokenizer.ggml.add_bos_token", false)
            .Add("tokenizer.ggml.add_space_prefix", false)
            .Write(path);
        using var file = GgufFile.Open(path);
        var tokenizer = Assert.IsType<LlamaSpmTokenizer>(GenerationTokenizer.FromGguf(file));
        Assert.False(tokenizer.AddBos);
        Assert.False(tokenizer.AddSpacePrefix);
        var ids = tokenizer.Encode("Hello world", addBos: false, parseSpecial: false);
        Assert.Equal(["Hello", "\u2581world"], ids.Select(tokenizer.GetText));
        Assert.Equal("Hello world", tokenizer.DecodeToString(ids));
    }

    [Theory]
    [InlineData("gpt-2", "Hello world's 12345!!  x", new[] { "Hello", " world", "'s", " 12345", "!!", " ", " x" })]
    [InlineData("llama-bpe", "Hello world'S 12345!!  x", new[] { "Hello", " world", "'S", " ", "123", "45", "!!", " ", " x" })]
    [InlineData("qwen2", "a 12345", new[] { "a", " ", "1", "2", "3", "4", "5" })]
    [InlineData("llama-bpe", "a\n\n b", new[] { "a", "\n\n", " b" })]
    [InlineData("gpt-2", "a\U0001D400b hi🦙🦙", new[] { "a\U0001D400b", " hi", "🦙🦙" })]
    [InlineData("default", "a+b 12345", new[] { "a", "+", "b", " ", "123", "45" })]
    public void PreTokenizersSplitAsLlamaCppsRegexes(string name, string text, string[] expected)
    {
        var preTokenizer = BytePairPreTokenizer.ForName(name);
        Assert.NotNull(preTokenizer);
        Assert.Equal(expected, preTokenizer.Split(text));
    }

    [Fact]
    public void Llama3AndQwen2PreTokenizersChangeHowDigitsAreMerged()
    {
        using var file = GgufFile.Open(LlamaCppTokenizerVectorTests.VocabularyPath("ggml-vocab-gpt-2.gguf"));
        var texts = file.GetArray("tokenizer.ggml.tokens").Cast<string>().ToArray();
        var types = file.GetArray("tokenizer.ggml.token_type").Select(t => (GgufTokenType)(int)t).ToArray();
        var merges = file.GetArray("tokenizer.ggml.merges").Cast<string>().ToArray();
        var gpt2 = LlamaCppTokenizerVectorTests.Open("ggml-vocab-gpt-2.gguf");
        var llama3 = new ByteLevelBpeTokenizer("test", texts, types, merges, "llama-bpe", 50256, 50256, addBos: null);
        var qwen2 = new ByteLevelBpeTokenizer("test", texts, types, merges, "qwen2", 50256, 50256, addBos: null);

        Assert.True(llama3.AddBos);
        Assert.False(qwen2.AddBos);
        Assert.Equal([.. Ids(gpt2, "123"), .. Ids(gpt2, "45")], Ids(llama3, "12345"));
        Assert.Equal("12345".Select(c => Ids(gpt2, c.ToString()).Single()), Ids(qwen2, "12345"));
        Assert.Equal(Ids(gpt2, "Hello world"), Ids(llama3, "Hello world"));
        Assert.Equal("Hello, y'all! 1234 🦙", llama3.DecodeToString(Ids(llama3, "Hello, y'all! 1234 🦙")));
    }

    [Fact]
    public void AnUnknownTokenizerModelFailsNamingTheFile()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "wordpiece.gguf");
        Writer("bert", ["[PAD]", "a"]).Write(path);
        using var file = GgufFile.Open(path);
        var error = Assert.Throws<InvalidDataException>(() => GenerationTokenizer.FromGguf(file));
        Assert.Contains("wordpiece.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains("'bert'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-scores")]
    [InlineData("short-types")]
    [InlineData("no-merges")]
    [InlineData("unknown-pre")]
    [InlineData("no-model")]
    public void MissingOrInconsistentMetadataFailsNamingTheFile(string defect)
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, defect + ".gguf");
        string[] tokens = ["<unk>", "<s>", "</s>", "a"];
        var writer = defect switch
        {
            "no-scores" => Writer("llama", tokens),
            "short-types" => Writer("llama", tokens).Add("tokenizer.ggml.scores", new float[4]).Add("tokenizer.ggml.token_type", new[] { 2, 3, 3 }),
            "no-merges" => Writer("gpt2", tokens),
            "unknown-pre" => Writer("gpt2", tokens).Add("tokenizer.ggml.merges", new[] { "a a" }).Add("tokenizer.ggml.pre", "klingon"),
            _ => new GgufWriter().Add("general.architecture", "llama").Add("tokenizer.ggml.tokens", tokens),
        };
        writer.Write(path);
        using var file = GgufFile.Open(path);
        var error = Assert.Throws<InvalidDataException>(() => GenerationTokenizer.FromGguf(file));
        Assert.Contains(defect + ".gguf", error.Message, StringComparison.Ordinal);
    }

    private static List<int> Ids(GenerationTokenizer tokenizer, string text) => [.. tokenizer.Encode(text, addBos: false, parseSpecial: false)];

    private static GgufWriter Writer(string model, string[] tokens) =>
        new GgufWriter().Add("general.architecture", "llama").Add("tokenizer.ggml.model", model).Add("tokenizer.ggml.tokens", tokens);

    // <unk> <s> </s>, two chat controls, a user-defined "<|im", "▁user", then the 256 byte tokens.
    private static LlamaSpmTokenizer TinySpm()
    {
        List<string> texts = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>", "<|im", "\u2581user"];
        List<GgufTokenType> types = [GgufTokenType.Unknown, GgufTokenType.Control, GgufTokenType.Control, GgufTokenType.Control, GgufTokenType.Control, GgufTokenType.UserDefined, GgufTokenType.Normal];
        for (var b = 0; b < 256; b++)
        {
            texts.Add($"<0x{b:X2}>");
            types.Add(GgufTokenType.Byte);
        }

        // "▁u", "▁us", "▁use" let "▁user" be reached by merges.
        texts.AddRange(["\u2581u", "\u2581us", "\u2581use"]);
        types.AddRange([GgufTokenType.Normal, GgufTokenType.Normal, GgufTokenType.Normal]);
        var scores = texts.Select((_, i) => -(float)i).ToArray();
        return new LlamaSpmTokenizer("tiny", texts, scores, types, bosId: 1, eosId: 2, unknownId: 0, addBos: true, addSpacePrefix: true);
    }
}
