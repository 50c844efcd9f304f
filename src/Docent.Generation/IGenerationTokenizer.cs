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
    /// The ids of <paramref name="text"/>, preceded by BOS when <paramref name="addBos"/> (and the vocabulary has
    /// one); with <paramref name="parseSpecial"/>, control-token texts such as <c>&lt;|im_start|&gt;</c> become their
    /// ids. Without it they are encoded as plain text (user-defined tokens are matched either way, as llama.cpp does).
    /// </summary>
    IReadOnlyList<int> Encode(string text, bool addBos, bool parseSpecial);

    /// <summary>
    /// The bytes <paramref name="id"/> stands for when it follows <paramref name="previous"/> (-1 when nothing
    /// precedes it); UTF-8 may split across tokens, so join the bytes before decoding them. Control tokens give no
    /// bytes, and a SentencePiece word's prefix space is dropped after BOS or at the start.
    /// </summary>
    ReadOnlySpan<byte> Decode(int previous, int id);
}
