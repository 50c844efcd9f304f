using Docent.Vectors;

namespace Docent.Tests.Vectors;

public sealed class HnswInt8VectorIndexConformanceTests : VectorIndexConformanceTests
{
    protected override IVectorIndex Create(int dimension, VectorMetric metric, string modelId) =>
        new HnswVectorIndex(dimension, metric, modelId, new HnswOptions { Quantization = VectorQuantization.Int8 });

    protected override IVectorIndex Load(string path, out long watermark, string? expectedModelId = null, int? expectedDimension = null) =>
        HnswVectorIndex.Load(path, out watermark, expectedModelId, expectedDimension);
}
