using Docent.Vectors;

namespace Docent.Tests.Vectors;

public sealed class FlatVectorIndexConformanceTests : VectorIndexConformanceTests
{
    protected override IVectorIndex Create(int dimension, VectorMetric metric, string modelId) => new FlatVectorIndex(dimension, metric, modelId);

    protected override IVectorIndex Load(string path, out long watermark, string? expectedModelId = null, int? expectedDimension = null) =>
        FlatVectorIndex.Load(path, out watermark, expectedModelId, expectedDimension);
}
