namespace Docent.Models.Onnx;

/// <summary>
/// The model inputs for one text or text pair: token ids with [CLS]/[SEP], attention mask (all ones;
/// padding is added when a batch is built) and token type ids (0 for the first text, 1 for the second).
/// Immutable and thread-safe.
/// </summary>
public sealed class BertEncoding
{
    private readonly long[] _inputIds;
    private readonly long[] _attentionMask;
    private readonly long[] _tokenTypeIds;

    internal BertEncoding(long[] inputIds, long[] tokenTypeIds, bool truncated)
    {
        _inputIds = inputIds;
        _tokenTypeIds = tokenTypeIds;
        _attentionMask = new long[inputIds.Length];
        Array.Fill(_attentionMask, 1L);
        Truncated = truncated;
    }

    /// <summary>Token ids, starting with [CLS] and ending with [SEP].</summary>
    public ReadOnlyMemory<long> InputIds => _inputIds;

    /// <summary>1 for every token (there is no padding inside one encoding).</summary>
    public ReadOnlyMemory<long> AttentionMask => _attentionMask;

    /// <summary>0 for [CLS], the first text and its [SEP]; 1 for the second text of a pair and its [SEP].</summary>
    public ReadOnlyMemory<long> TokenTypeIds => _tokenTypeIds;

    /// <summary>Number of tokens, special tokens included.</summary>
    public int Length => _inputIds.Length;

    /// <summary>Whether tokens were cut to fit the maximum sequence length.</summary>
    public bool Truncated { get; }
}
