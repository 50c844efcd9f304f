namespace Docent.Generation.Tokenization;

/// <summary>A token's kind as GGUF's <c>tokenizer.ggml.token_type</c> stores it (llama.cpp's <c>llama_token_type</c>). Immutable.</summary>
public enum GgufTokenType
{
    /// <summary>No type given.</summary>
    Undefined = 0,

    /// <summary>Ordinary text.</summary>
    Normal = 1,

    /// <summary>The unknown token (<c>&lt;unk&gt;</c>).</summary>
    Unknown = 2,

    /// <summary>A control token (BOS, EOS, chat-template markers); not text.</summary>
    Control = 3,

    /// <summary>A token added by the model's authors; always matched whole in the input, decoded verbatim.</summary>
    UserDefined = 4,

    /// <summary>A reserved, unused slot.</summary>
    Unused = 5,

    /// <summary>A SentencePiece byte-fallback token (<c>&lt;0xNN&gt;</c>).</summary>
    Byte = 6,
}
