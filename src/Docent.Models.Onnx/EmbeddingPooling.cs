namespace Docent.Models.Onnx;

/// <summary>How token vectors become one text vector.</summary>
public enum EmbeddingPooling
{
    /// <summary>The average of the token vectors under the attention mask ([CLS] and [SEP] included), as all-MiniLM-L6-v2 uses.</summary>
    Mean,

    /// <summary>The vector of the first token, [CLS], as the bge models use.</summary>
    Cls,
}
