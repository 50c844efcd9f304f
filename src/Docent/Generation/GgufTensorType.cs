namespace Docent.Generation;

/// <summary>The GGML element types a GGUF tensor may declare; only <see cref="F32"/> and <see cref="F16"/> are read for now.</summary>
public enum GgufTensorType
{
    /// <summary>32-bit IEEE float.</summary>
    F32 = 0,

    /// <summary>16-bit IEEE float.</summary>
    F16 = 1,
}
