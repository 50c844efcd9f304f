namespace Docent.Generation;

/// <summary>The GGML element types Docent reads from GGUF tensors (values as GGML numbers them).</summary>
public enum GgufTensorType
{
    /// <summary>32-bit IEEE float.</summary>
    F32 = 0,

    /// <summary>16-bit IEEE float.</summary>
    F16 = 1,

    /// <summary>Blocks of 32 four-bit values sharing a float16 scale.</summary>
    Q4_0 = 2,

    /// <summary>Blocks of 32 signed bytes sharing a float16 scale.</summary>
    Q8_0 = 8,
}
