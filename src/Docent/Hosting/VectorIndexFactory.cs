using Docent.Vectors;

namespace Docent.Hosting;

/// <summary>
/// Creates and loads the data folder's vector index: our HNSW over cosine similarity (sentence-embedding models
/// are trained for it). Static; thread-safe.
/// </summary>
internal static class VectorIndexFactory
{
    public static IVectorIndex Create(int dimension, string modelId, HnswOptions options) =>
        new HnswVectorIndex(dimension, VectorMetric.Cosine, modelId, options);

    /// <summary>
    /// The saved index and the watermark saved with it, or null when the file is missing or unusable (it is then
    /// rebuilt from the store).
    /// </summary>
    public static (IVectorIndex Index, long Watermark)? TryLoad(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var index = HnswVectorIndex.Load(path, out var watermark);
            return (index, watermark);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
