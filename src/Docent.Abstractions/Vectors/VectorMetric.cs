namespace Docent.Vectors;

/// <summary>How two vectors are compared. Every metric is reported as a similarity: higher is closer.</summary>
public enum VectorMetric
{
    /// <summary>Cosine similarity; vectors are normalised to unit length when added and queried.</summary>
    Cosine,

    /// <summary>Inner (dot) product, for vectors already normalised or trained for it.</summary>
    Dot,

    /// <summary>Euclidean distance, reported as its negated square so that higher is closer.</summary>
    L2,
}
