using Docent.Vectors;

namespace Docent.Tests.Vectors;

public sealed class HnswVectorIndexConformanceTests : VectorIndexConformanceTests
{
    protected override IVectorIndex Create(int dimension, VectorMetric metric, string modelId) => new HnswVectorIndex(dimension, metric, modelId);

    protected override IVectorIndex Load(string path, out long watermark, string? expectedModelId = null, int? expectedDimension = null) =>
        HnswVectorIndex.Load(path, out watermark, expectedModelId, expectedDimension);
}
