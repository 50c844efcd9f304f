namespace Docent.Vectors;

/// <summary>How an approximate index stores the vectors its graph traversal compares.</summary>
public enum VectorQuantization
{
    /// <summary>Float32 vectors throughout.</summary>
    None,

    /// <summary>
    /// Per-dimension int8 scalar quantisation for traversal (a quarter of the float32 memory the traversal
    /// touches); the final candidates are re-ranked with the float32 vectors.
    /// </summary>
    Int8,
}
