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

    /// <summary>Super-blocks of 256 two-bit values: sixteen sub-blocks of 16, each with a 4-bit scale and 4-bit minimum under two float16 super-scales.</summary>
    Q2_K = 10,

    /// <summary>Super-blocks of 256 three-bit values (two low bits plus a high-bit mask): sixteen sub-blocks of 16, each with a signed 6-bit scale under one float16 super-scale.</summary>
    Q3_K = 11,

    /// <summary>Super-blocks of 256 four-bit values: eight sub-blocks of 32, each with a 6-bit scale and 6-bit minimum under two float16 super-scales.</summary>
    Q4_K = 12,

    /// <summary>Super-blocks of 256 five-bit values (nibbles plus a high-bit mask): eight sub-blocks of 32, each with a 6-bit scale and 6-bit minimum under two float16 super-scales.</summary>
    Q5_K = 13,

    /// <summary>Super-blocks of 256 six-bit values: sixteen sub-blocks of 16, each with an 8-bit scale under one float16 super-scale.</summary>
    Q6_K = 14,

    /// <summary>Super-blocks of 256 signed bytes under one float32 scale, with the sums of each 16 (llama.cpp's activation type; rarely a weight).</summary>
    Q8_K = 15,

    /// <summary>bfloat16: the top 16 bits of a 32-bit IEEE float.</summary>
    BF16 = 30,
}
