using System.Globalization;
using System.Text;

namespace Docent.Generation;

/// <summary>
/// A SentencePiece vocabulary (pieces, scores, special ids) read from GGUF metadata, used to turn token ids back
/// into text the way llama2.c's run.c does. Immutable; thread-safe.
/// </summary>
public sealed class LlamaVocabulary : IGenerationTokenizer
{
    private readonly string[] _pieces;
    private readonly byte[]?[] _bytes;

    /// <summary>Creates a vocabulary from pieces and the special token ids.</summary>
    public LlamaVocabulary(IReadOnlyList<string> pieces, int bosId, int eosId)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        _pieces = [.. pieces];
        _bytes = new byte[_pieces.Length][];
        for (var i = 0; i < _pieces.Length; i++)
        {
            var p = _pieces[i];
            if (p.Length == 6 && p.StartsWith("<0x", StringComparison.Ordinal) && p[5] == '>'
                && byte.TryParse(p.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                _bytes[i] = [b];
            }
            else
            {
                _bytes[i] = Encoding.UTF8.GetBytes(p.Replace('\u2581', ' '));
            }
        }

        BosId = bosId;
        EosId = eosId;
    }

    /// <summary>The number of tokens.</summary>
    public int Count => _pieces.Length;

    /// <summary>The beginning-of-sequence token id.</summary>
    public int BosId { get; }

    /// <summary>The end-of-sequence token id.</summary>
    public int EosId { get; }

    /// <summary>Reads <c>tokenizer.ggml.tokens</c> and the BOS/EOS ids from <paramref name="file"/>.</summary>
    public static LlamaVocabulary FromGguf(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var model = file.Metadata.TryGetValue("tokenizer.ggml.model", out var m) ? m as string : null;
        if (model is not null and not "llama")
        {
            throw file.Corrupt($"tokenizer.ggml.model '{model}' is not supported (only the SentencePiece 'llama' tokenizer is)");
        }

        var tokens = file.GetArray("tokenizer.ggml.tokens").Select(t => t as string ?? throw file.Corrupt("tokenizer.ggml.tokens holds a non-string")).ToArray();
        return new LlamaVocabulary(tokens, (int)file.GetInteger("tokenizer.ggml.bos_token_id"), (int)file.GetInteger("tokenizer.ggml.eos_token_id"));
    }

    /// <summary>
    /// Reads a llama2.c <c>tokenizer.bin</c> (max piece length, then per token: score, length, UTF-8 bytes) holding
    /// <paramref name="count"/> tokens; BOS is 1 and EOS 2 as in llama2.c.
    /// </summary>
    public static LlamaVocabulary FromLlama2CTokenizer(string path, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        using var reader = new BinaryReader(File.OpenRead(path));
        var pieces = new string[count];
        try
        {
            reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                reader.ReadSingle();
                var length = reader.ReadInt32();
                if (length is < 0 or > 1 << 16)
                {
                    throw new InvalidDataException($"'{path}' is not a valid llama2.c tokenizer: token {i} has length {length}.");
                }

                pieces[i] = Encoding.UTF8.GetString(reader.ReadBytes(length));
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"'{path}' is not a valid llama2.c tokenizer: it ends before its {count} tokens (truncated, or another vocabulary size).");
        }

        return new LlamaVocabulary(pieces, bosId: 1, eosId: 2);
    }

    /// <inheritdoc />
    public bool AddBos => true;

    /// <inheritdoc />
    public bool IsEndOfGeneration(int id) => id == EosId;

    /// <inheritdoc />
    public IReadOnlyList<int> Encode(string text, bool addBos, bool parseSpecial) =>
        throw new NotSupportedException("Encoding text is not implemented yet.");

    /// <summary>The piece of <paramref name="id"/> as stored in the vocabulary.</summary>
    public string Piece(int id) => _pieces[id];

    /// <summary>
    /// The bytes <paramref name="id"/> stands for after <paramref name="previous"/>: '▁' becomes a space,
    /// <c>&lt;0xNN&gt;</c> a raw byte, and the leading space after BOS is dropped (as llama2.c does).
    /// </summary>
    public ReadOnlySpan<byte> Decode(int previous, int id)
    {
        var bytes = _bytes[id]!;
        return previous == BosId && bytes.Length > 0 && bytes[0] == (byte)' ' && _pieces[id][0] is '\u2581' or ' ' ? bytes.AsSpan(1) : bytes;
    }
}
