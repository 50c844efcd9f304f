namespace Docent.Generation;

/// <summary>
/// Turns text into a generative model's token ids and back, as the model's own tokenizer does (SentencePiece BPE,
/// GPT-2 byte-level BPE, or llama2.c's tokenizer.bin). Implementations are immutable and thread-safe.
/// </summary>
public interface IGenerationTokenizer
{
    /// <summary>The number of tokens.</summary>
    int Count { get; }

    /// <summary>The beginning-of-sequence token id, or -1 when the vocabulary has none.</summary>
    int BosId { get; }

    /// <summary>The end-of-sequence token id, or -1 when the vocabulary has none.</summary>
    int EosId { get; }

    /// <summary>Whether a prompt starts with <see cref="BosId"/> (GGUF's <c>tokenizer.ggml.add_bos_token</c>).</summary>
    bool AddBos { get; }

    /// <summary>Whether generating <paramref name="id"/> ends the model's turn (EOS, end-of-turn and similar control tokens).</summary>
    bool IsEndOfGeneration(int id);

    /// <summary>
    /// The ids of <paramref name="text"/>, preceded by BOS when <paramref name="addBos"/>; with
    /// <paramref name="parseSpecial"/>, control-token texts such as <c>&lt;|im_start|&gt;</c> become their ids.
    /// </summary>
    IReadOnlyList<int> Encode(string text, bool addBos, bool parseSpecial);

    /// <summary>The bytes <paramref name="id"/> stands for when it follows <paramref name="previous"/> (UTF-8 may split across tokens).</summary>
    ReadOnlySpan<byte> Decode(int previous, int id);
}
