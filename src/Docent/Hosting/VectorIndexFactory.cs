using Docent.Vectors;

namespace Docent.Hosting;

/// <summary>Creates and loads the data folder's vector index. Static; thread-safe.</summary>
internal static class VectorIndexFactory
{
    public static IVectorIndex Create(int dimension, string modelId) =>
        throw new NotSupportedException($"The vector index is not available in this build ({dimension}, {modelId}).");

    public static IVectorIndex? TryLoad(string path, string modelId) =>
        throw new NotSupportedException($"The vector index is not available in this build ({path}, {modelId}).");
}
