using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Docent.Models.Onnx;

/// <summary>
/// BERT WordPiece tokenisation for ONNX encoders and cross-encoders: a thin wrapper around
/// Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/> that reads a model folder's <c>vocab.txt</c> (with
/// <c>tokenizer_config.json</c> when present) or <c>tokenizer.json</c>, decomposes accented letters itself
/// before accents are stripped (the runtime's normaliser does nothing under InvariantGlobalization), and
/// builds model inputs with [CLS]/[SEP], truncation and sentence pairs. Immutable and thread-safe.
/// </summary>
public sealed class BertWordPieceTokenizer
{
    /// <summary>File name of a plain WordPiece vocabulary, one token per line, line number = id.</summary>
    public const string VocabularyFileName = "vocab.txt";

    /// <summary>File name of a Hugging Face tokenizers definition.</summary>
    public const string TokenizerJsonFileName = "tokenizer.json";

    private const string TokenizerConfigFileName = "tokenizer_config.json";

    private readonly BertTokenizer _tokenizer;

    private BertWordPieceTokenizer(BertTokenizer tokenizer, int vocabularySize, bool lowerCase, bool stripAccents, int? modelMaxLength)
    {
        _tokenizer = tokenizer;
        VocabularySize = vocabularySize;
        LowerCase = lowerCase;
        StripAccents = stripAccents;
        ModelMaxLength = modelMaxLength;
    }

    /// <summary>Whether text is lower-cased before WordPiece (uncased models).</summary>
    public bool LowerCase { get; }

    /// <summary>Whether accents are removed (canonical decomposition, then non-spacing marks dropped).</summary>
    public bool StripAccents { get; }

    /// <summary>Number of entries in the vocabulary.</summary>
    public int VocabularySize { get; }

    /// <summary>The longest input the tokenizer files declare (model_max_length or truncation), if any.</summary>
    public int? ModelMaxLength { get; }

    /// <summary>Id of [CLS].</summary>
    public int ClassificationTokenId => _tokenizer.ClassificationTokenId;

    /// <summary>Id of [SEP].</summary>
    public int SeparatorTokenId => _tokenizer.SeparatorTokenId;

    /// <summary>Id of [PAD].</summary>
    public int PaddingTokenId => _tokenizer.PaddingTokenId;

    /// <summary>
    /// Loads the tokenizer of a model folder: <c>tokenizer.json</c> when present, otherwise <c>vocab.txt</c>
    /// with the casing of <c>tokenizer_config.json</c> (lower-casing when that file is absent).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">Neither tokenizer file is in the folder.</exception>
    /// <exception cref="InvalidDataException">A tokenizer file cannot be used (the message says why).</exception>
    public static BertWordPieceTokenizer FromModelDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Model folder '{directory}' does not exist.");
        }

        var json = Path.Combine(directory, TokenizerJsonFileName);
        if (File.Exists(json))
        {
            return FromTokenizerJson(json);
        }

        var vocab = Path.Combine(directory, VocabularyFileName);
        if (!File.Exists(vocab))
        {
            throw new FileNotFoundException(
                $"Model folder '{directory}' has no tokenizer: expected '{TokenizerJsonFileName}' or '{VocabularyFileName}'.", vocab);
        }

        var (lowerCase, stripAccents, maxLength) = ReadTokenizerConfig(Path.Combine(directory, TokenizerConfigFileName));
        return FromVocabularyFile(vocab, lowerCase, stripAccents, maxLength);
    }

    /// <summary>A tokenizer over a <c>vocab.txt</c> file.</summary>
    /// <param name="vocabularyPath">One token per line; the line number (from 0) is the id.</param>
    /// <param name="lowerCase">Lower-case the text (uncased models).</param>
    /// <param name="stripAccents">Remove accents; null follows <paramref name="lowerCase"/> (as BERT does).</param>
    /// <param name="modelMaxLength">The longest input the model accepts, when known.</param>
    public static BertWordPieceTokenizer FromVocabularyFile(string vocabularyPath, bool lowerCase = true, bool? stripAccents = null, int? modelMaxLength = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vocabularyPath);
        if (!File.Exists(vocabularyPath))
        {
            throw new FileNotFoundException($"Vocabulary file '{vocabularyPath}' does not exist.", vocabularyPath);
        }

        return FromVocabulary(vocabularyPath, File.ReadAllLines(vocabularyPath, Encoding.UTF8), lowerCase, stripAccents, modelMaxLength);
    }

    /// <summary>A tokenizer over the text of a <c>vocab.txt</c> held in memory (a packaged model's resource).</summary>
    /// <param name="source">Names the vocabulary in error messages.</param>
    /// <param name="vocabularyText">One token per line; the line number (from 0) is the id.</param>
    /// <param name="lowerCase">Lower-case the text (uncased models).</param>
    /// <param name="modelMaxLength">The longest input the model accepts, when known.</param>
    public static BertWordPieceTokenizer FromVocabularyText(string source, string vocabularyText, bool lowerCase = true, int? modelMaxLength = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(vocabularyText);
        var lines = vocabularyText.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }

        return FromVocabulary(source, lines, lowerCase, null, modelMaxLength);
    }

    private static BertWordPieceTokenizer FromVocabulary(string source, string[] tokens, bool lowerCase, bool? stripAccents, int? modelMaxLength)
    {
        var count = tokens.Length;
        while (count > 0 && tokens[count - 1].Length == 0)
        {
            count--;
        }

        return Create(source, tokens.AsSpan(0, count).ToArray(), SpecialTokens.Default, lowerCase, stripAccents ?? lowerCase, modelMaxLength);
    }

    /// <summary>A tokenizer from a Hugging Face <c>tokenizer.json</c> with a WordPiece model.</summary>
    /// <remarks>
    /// The vocabulary comes from <c>model.vocab</c>; lower-casing and accent stripping from the
    /// <c>normalizer</c> (a <c>BertNormalizer</c>, or a <c>Sequence</c> of Lowercase / NFD / StripAccents);
    /// [CLS]/[SEP] from the <c>post_processor</c>; [PAD] from <c>padding</c>; the maximum length from
    /// <c>truncation</c>.
    /// </remarks>
    public static BertWordPieceTokenizer FromTokenizerJson(string tokenizerJsonPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenizerJsonPath);
        if (!File.Exists(tokenizerJsonPath))
        {
            throw new FileNotFoundException($"Tokenizer file '{tokenizerJsonPath}' does not exist.", tokenizerJsonPath);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(tokenizerJsonPath));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Tokenizer file '{tokenizerJsonPath}' is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"Tokenizer file '{tokenizerJsonPath}' has no 'model' section.");
            }

            var type = GetString(model, "type");
            if (type != "WordPiece")
            {
                throw new InvalidDataException(
                    $"Tokenizer file '{tokenizerJsonPath}' has a '{type ?? "(missing)"}' model; only WordPiece (BERT-family) tokenizers are supported.");
            }

            var prefix = GetString(model, "continuing_subword_prefix") ?? "##";
            if (prefix != "##")
            {
                throw new InvalidDataException($"Tokenizer file '{tokenizerJsonPath}' uses sub-word prefix '{prefix}'; only '##' is supported.");
            }

            var tokens = ReadVocabulary(tokenizerJsonPath, model);
            var (lowerCase, stripAccents) = ReadNormalizer(tokenizerJsonPath, root);
            var specials = ReadSpecialTokens(root, model);
            int? maxLength = null;
            if (root.TryGetProperty("truncation", out var truncation) && truncation.ValueKind == JsonValueKind.Object
                && truncation.TryGetProperty("max_length", out var max) && max.TryGetInt32(out var maxValue) && maxValue > 0)
            {
                maxLength = maxValue;
            }

            return Create(tokenizerJsonPath, tokens, specials, lowerCase, stripAccents, maxLength);
        }
    }

    /// <summary>WordPiece ids of <paramref name="text"/>, without [CLS]/[SEP] and without truncation.</summary>
    public IReadOnlyList<int> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var prepared = BertTextCleaner.Clean(text, LowerCase, StripAccents);
        return _tokenizer.EncodeToIds(prepared, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
    }

    /// <summary>[CLS] text [SEP], the text's tokens cut so that the whole fits <paramref name="maxSequenceLength"/>.</summary>
    public BertEncoding Encode(string text, int maxSequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequenceLength, 2);
        var ids = Tokenize(text);
        var kept = Math.Min(ids.Count, maxSequenceLength - 2);
        var inputIds = new long[kept + 2];
        inputIds[0] = ClassificationTokenId;
        for (var i = 0; i < kept; i++)
        {
            inputIds[i + 1] = ids[i];
        }

        inputIds[kept + 1] = SeparatorTokenId;
        return new BertEncoding(inputIds, new long[inputIds.Length], kept < ids.Count);
    }

    /// <summary>
    /// [CLS] first [SEP] second [SEP] with token type 1 for the second part, as cross-encoders expect. When
    /// too long, tokens are removed one at a time from the end of the longer text (ties: the second), as
    /// Hugging Face's "longest_first" truncation does.
    /// </summary>
    public BertEncoding EncodePair(string first, string second, int maxSequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequenceLength, 3);
        var a = Tokenize(first);
        var b = Tokenize(second);
        var keepA = a.Count;
        var keepB = b.Count;
        var budget = maxSequenceLength - 3;
        while (keepA + keepB > budget)
        {
            if (keepA > keepB)
            {
                keepA--;
            }
            else
            {
                keepB--;
            }
        }

        var inputIds = new long[keepA + keepB + 3];
        var typeIds = new long[inputIds.Length];
        var at = 0;
        inputIds[at++] = ClassificationTokenId;
        for (var i = 0; i < keepA; i++)
        {
            inputIds[at++] = a[i];
        }

        inputIds[at++] = SeparatorTokenId;
        for (var i = 0; i < keepB; i++)
        {
            typeIds[at] = 1;
            inputIds[at++] = b[i];
        }

        typeIds[at] = 1;
        inputIds[at] = SeparatorTokenId;
        return new BertEncoding(inputIds, typeIds, keepA < a.Count || keepB < b.Count);
    }

    private static BertWordPieceTokenizer Create(
        string source, string[] tokens, SpecialTokens specials, bool lowerCase, bool stripAccents, int? modelMaxLength)
    {
        var known = new HashSet<string>(tokens, StringComparer.Ordinal);
        foreach (var special in new[] { specials.Unknown, specials.Classification, specials.Separator, specials.Padding })
        {
            if (!known.Contains(special))
            {
                throw new InvalidDataException($"Tokenizer '{source}' has no '{special}' token in its vocabulary.");
            }
        }

        // BertTokenizer insists on a mask token; encoders never need one, so fall back to [UNK].
        var mask = known.Contains(specials.Mask) ? specials.Mask : specials.Unknown;
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = stripAccents,
            ApplyBasicTokenization = true,
            // Our cleaner already spaces CJK ideographs (ML.Tokenizers' range check misses U+3400).
            IndividuallyTokenizeCjk = false,
            SplitOnSpecialTokens = true,
            UnknownToken = specials.Unknown,
            ClassificationToken = specials.Classification,
            SeparatorToken = specials.Separator,
            PaddingToken = specials.Padding,
            MaskingToken = mask,
            PreTokenizer = new BertPreTokenizer(
                new[] { specials.Unknown, specials.Classification, specials.Separator, specials.Padding, mask }
                    .Select(t => lowerCase ? t.ToLowerInvariant() : t)),
        };

        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true))
        {
            writer.NewLine = "\n";
            foreach (var token in tokens)
            {
                writer.WriteLine(token);
            }
        }

        stream.Position = 0;
        BertTokenizer tokenizer;
        try
        {
            tokenizer = BertTokenizer.Create(stream, options);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Tokenizer '{source}' cannot be loaded: {e.Message}", e);
        }

        return new BertWordPieceTokenizer(tokenizer, tokens.Length, lowerCase, stripAccents, modelMaxLength);
    }

    private static string[] ReadVocabulary(string path, JsonElement model)
    {
        if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"Tokenizer file '{path}' has no 'model.vocab' object.");
        }

        var byId = new SortedDictionary<int, string>();
        foreach (var entry in vocab.EnumerateObject())
        {
            if (!entry.Value.TryGetInt32(out var id) || id < 0)
            {
                throw new InvalidDataException($"Tokenizer file '{path}': token '{entry.Name}' has no valid id.");
            }

            if (entry.Name.Contains('\n', StringComparison.Ordinal) || !byId.TryAdd(id, entry.Name))
            {
                throw new InvalidDataException($"Tokenizer file '{path}': token '{entry.Name}' (id {id}) is a duplicate id or contains a line break.");
            }
        }

        if (byId.Count == 0)
        {
            throw new InvalidDataException($"Tokenizer file '{path}' has an empty vocabulary.");
        }

        // Ids become line numbers; a gap gets a placeholder no text can produce.
        var tokens = new string[byId.Keys.Max() + 1];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = byId.TryGetValue(i, out var token) ? token : $"[docent-unused-{i}]";
        }

        return tokens;
    }

    private static (bool LowerCase, bool StripAccents) ReadNormalizer(string path, JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null)
        {
            return (false, false);
        }

        var lowerCase = false;
        var stripAccents = false;
        Apply(normalizer);
        return (lowerCase, stripAccents);

        void Apply(JsonElement element)
        {
            var type = GetString(element, "type");
            switch (type)
            {
                case "BertNormalizer":
                    var lower = !element.TryGetProperty("lowercase", out var l) || l.ValueKind != JsonValueKind.False;
                    lowerCase |= lower;
                    stripAccents |= element.TryGetProperty("strip_accents", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? s.ValueKind == JsonValueKind.True
                        : lower;
                    break;
                case "Lowercase":
                    lowerCase = true;
                    break;
                case "StripAccents":
                    stripAccents = true;
                    break;
                case "NFD" or "NFC" or "Strip":
                    // NFD only matters together with StripAccents, which decomposes itself; NFC and
                    // whitespace stripping do not change BERT's tokens.
                    break;
                case "Sequence" when element.TryGetProperty("normalizers", out var list) && list.ValueKind == JsonValueKind.Array:
                    foreach (var item in list.EnumerateArray())
                    {
                        Apply(item);
                    }

                    break;
                default:
                    throw new InvalidDataException(
                        $"Tokenizer file '{path}' uses normalizer '{type ?? "(missing)"}'; supported: BertNormalizer, Lowercase, NFD, NFC, StripAccents, Strip, Sequence.");
            }
        }
    }

    private static SpecialTokens ReadSpecialTokens(JsonElement root, JsonElement model)
    {
        var unknown = GetString(model, "unk_token") ?? SpecialTokens.Default.Unknown;
        var cls = SpecialTokens.Default.Classification;
        var sep = SpecialTokens.Default.Separator;
        var pad = SpecialTokens.Default.Padding;
        if (root.TryGetProperty("post_processor", out var post) && post.ValueKind == JsonValueKind.Object)
        {
            switch (GetString(post, "type"))
            {
                case "BertProcessing":
                    cls = FirstOfPair(post, "cls") ?? cls;
                    sep = FirstOfPair(post, "sep") ?? sep;
                    break;
                case "TemplateProcessing" when post.TryGetProperty("single", out var single) && single.ValueKind == JsonValueKind.Array:
                    var specials = single.EnumerateArray()
                        .Where(p => p.TryGetProperty("SpecialToken", out _))
                        .Select(p => GetString(p.GetProperty("SpecialToken"), "id"))
                        .OfType<string>()
                        .ToList();
                    if (specials.Count >= 2)
                    {
                        cls = specials[0];
                        sep = specials[^1];
                    }

                    break;
            }
        }

        if (root.TryGetProperty("padding", out var padding) && padding.ValueKind == JsonValueKind.Object)
        {
            pad = GetString(padding, "pad_token") ?? pad;
        }

        return new SpecialTokens(unknown, cls, sep, pad, SpecialTokens.Default.Mask);

        static string? FirstOfPair(JsonElement element, string name) =>
            element.TryGetProperty(name, out var pair) && pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() > 0
                && pair[0].ValueKind == JsonValueKind.String
                ? pair[0].GetString()
                : null;
    }

    private static (bool LowerCase, bool? StripAccents, int? MaxLength) ReadTokenizerConfig(string path)
    {
        if (!File.Exists(path))
        {
            return (true, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var lowerCase = !root.TryGetProperty("do_lower_case", out var lower) || lower.ValueKind != JsonValueKind.False;
            bool? strip = root.TryGetProperty("strip_accents", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? s.ValueKind == JsonValueKind.True
                : null;
            int? max = root.TryGetProperty("model_max_length", out var m) && m.TryGetInt64(out var value) && value is > 0 and < 1_000_000
                ? (int)value
                : null;
            return (lowerCase, strip, max);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Tokenizer configuration '{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private sealed record SpecialTokens(string Unknown, string Classification, string Separator, string Padding, string Mask)
    {
        public static SpecialTokens Default { get; } = new("[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]");
    }
}
