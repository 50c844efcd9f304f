namespace Docent.Generation.Tokenization;

/// <summary>
/// The common part of the prompt tokenizers (SentencePiece BPE, GPT-2 byte-level BPE, llama2.c): token texts and
/// types, BOS/EOS, end-of-generation ids, special-token matching as llama.cpp does it, and decoding from per-token
/// bytes. Create one with <see cref="FromGguf"/> or <see cref="FromLlama2C"/>. Immutable; thread-safe.
/// </summary>
public abstract partial class GenerationTokenizer : IGenerationTokenizer
{
    // Texts that end a turn whatever their id (llama.cpp's end-of-generation list); such tokens count as control.
    private static readonly HashSet<string> EndOfGenerationTexts = new(StringComparer.Ordinal)
    {
        "<|im_end|>", "<|eot_id|>", "<|end_of_text|>", "<|endoftext|>", "<|eom_id|>", "</s>", "<|end|>", "<end_of_turn>", "<EOT>", "_<EOT>",
        "<end_of_utterance>",
    };

    private readonly string[] _texts;
    private readonly GgufTokenType[] _types;
    private readonly byte[][] _pieces;
    private readonly HashSet<int> _endOfGeneration;
    private readonly (string Text, int Id, bool UserDefined)[] _specials;

    /// <summary>
    /// Sets up the vocabulary: <paramref name="texts"/> and <paramref name="types"/> per id, <paramref name="pieces"/>
    /// (the bytes each id decodes to), the special ids (-1 for none) and further end-of-generation ids.
    /// </summary>
    private protected GenerationTokenizer(
        string source,
        string[] texts,
        GgufTokenType[] types,
        byte[][] pieces,
        int bosId,
        int eosId,
        bool addBos,
        IEnumerable<int> endOfGeneration)
    {
        Source = source;
        _texts = texts;
        _types = types;
        _pieces = pieces;
        BosId = (uint)bosId < (uint)texts.Length ? bosId : -1;
        EosId = (uint)eosId < (uint)texts.Length ? eosId : -1;
        AddBos = addBos && BosId >= 0;
        _endOfGeneration = [.. endOfGeneration.Where(id => (uint)id < (uint)texts.Length)];
        if (EosId >= 0)
        {
            _endOfGeneration.Add(EosId);
        }

        for (var id = 0; id < texts.Length; id++)
        {
            if (EndOfGenerationTexts.Contains(texts[id]))
            {
                _endOfGeneration.Add(id);
                if (types[id] is not (GgufTokenType.Control or GgufTokenType.UserDefined))
                {
                    types[id] = GgufTokenType.Control;
                    pieces[id] = [];
                }
            }
        }

        // Longest first, as llama.cpp's tokenizer_st_partition tries them (ties by id, so the order is fixed).
        _specials = [.. Enumerable.Range(0, texts.Length)
            .Where(id => texts[id].Length > 0 && types[id] is GgufTokenType.Control or GgufTokenType.UserDefined or GgufTokenType.Unknown)
            .OrderByDescending(id => texts[id].Length)
            .ThenBy(id => id)
            .Select(id => (texts[id], id, types[id] == GgufTokenType.UserDefined))];
    }

    /// <summary>Where the vocabulary was read from (a file path), for messages.</summary>
    public string Source { get; }

    /// <inheritdoc />
    public int Count => _texts.Length;

    /// <inheritdoc />
    public int BosId { get; }

    /// <inheritdoc />
    public int EosId { get; }

    /// <inheritdoc />
    public bool AddBos { get; }

    /// <summary>The token's text as the vocabulary stores it (SentencePiece '▁', GPT-2 'Ġ' and so on).</summary>
    public string GetText(int id) => _texts[id];

    /// <summary>The token's type.</summary>
    public GgufTokenType GetTokenType(int id) => _types[id];

    /// <inheritdoc />
    public bool IsEndOfGeneration(int id) => _endOfGeneration.Contains(id);

    /// <inheritdoc />
    /// <remarks>
    /// As llama.cpp's <c>llama_tokenize</c>: user-defined tokens are always matched whole; with
    /// <paramref name="parseSpecial"/> control and unknown-token texts are too (longest first). An empty text gives
    /// only BOS (when asked for).
    /// </remarks>
    public IReadOnlyList<int> Encode(string text, bool addBos, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<int>(text.Length / 3 + 2);
        if (addBos && BosId >= 0)
        {
            output.Add(BosId);
        }

        var afterSpecial = true;
        foreach (var (start, length, id) in Partition(text, parseSpecial))
        {
            if (id >= 0)
            {
                output.Add(id);
                afterSpecial = true;
            }
            else
            {
                EncodeText(text.Substring(start, length), afterSpecial, output);
                afterSpecial = false;
            }
        }

        return output;
    }

    /// <inheritdoc />
    public ReadOnlySpan<byte> Decode(int previous, int id)
    {
        var bytes = _pieces[id];
        return bytes.Length > 0 && bytes[0] == (byte)' ' && DropsLeadingSpace(previous, id) ? bytes.AsSpan(1) : bytes;
    }

    /// <summary>The whole text of <paramref name="ids"/> (UTF-8 decoded once, so byte tokens join).</summary>
    public string DecodeToString(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        var previous = -1;
        foreach (var id in ids)
        {
            bytes.AddRange(Decode(previous, id));
            previous = id;
        }

        return System.Text.Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>Appends the ids of <paramref name="text"/> (no special tokens in it); <paramref name="afterSpecial"/> when it starts the input or follows a special token.</summary>
    private protected abstract void EncodeText(string text, bool afterSpecial, List<int> output);

    /// <summary>Whether <paramref name="id"/>'s leading space is dropped after <paramref name="previous"/> (-1: nothing before it).</summary>
    private protected abstract bool DropsLeadingSpace(int previous, int id);

    /// <summary>The text cut into raw fragments (id -1) and special tokens, in order.</summary>
    private List<(int Start, int Length, int Id)> Partition(string text, bool parseSpecial)
    {
        var fragments = new List<(int Start, int Length, int Id)>();
        if (text.Length == 0)
        {
            return fragments;
        }

        fragments.Add((0, text.Length, -1));
        foreach (var (special, specialId, userDefined) in _specials)
        {
            if (!parseSpecial && !userDefined)
            {
                continue;
            }

            if (!text.Contains(special, StringComparison.Ordinal))
            {
                continue;
            }

            var split = new List<(int Start, int Length, int Id)>(fragments.Count + 2);
            foreach (var fragment in fragments)
            {
                if (fragment.Id >= 0)
                {
                    split.Add(fragment);
                    continue;
                }

                var at = fragment.Start;
                var end = fragment.Start + fragment.Length;
                while (at < end)
                {
                    var found = text.AsSpan(at, end - at).IndexOf(special, StringComparison.Ordinal);
                    if (found < 0)
                    {
                        break;
                    }

                    if (found > 0)
                    {
                        split.Add((at, found, -1));
                    }

                    split.Add((at + found, special.Length, specialId));
                    at += found + special.Length;
                }

                if (at < end)
                {
                    split.Add((at, end - at, -1));
                }
            }

            fragments = split;
        }

        return fragments;
    }
}
