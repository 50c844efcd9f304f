using Docent.Generation;

namespace Docent.Tests.Generation;

public sealed class KernelCalibrationTests
{
    [Theory]
    [InlineData(GgufTensorType.Q8_0)]
    [InlineData(GgufTensorType.Q4_K)]
    [InlineData(GgufTensorType.F32)]
    public void EachTypeGetsAMeasuredSimdPathThatStaysChosen(GgufTensorType type)
    {
        var chosen = KernelCalibration.For(type);
        var supported = GgmlKernels.Supported();
        Assert.Contains(chosen, supported);
        if (supported.Length > 1 && Environment.GetEnvironmentVariable(GgmlKernels.PathVariable) is null)
        {
            Assert.NotEqual(KernelPath.Scalar, chosen);
            Assert.Contains($"{type} {chosen}", KernelCalibration.Describe(), StringComparison.Ordinal);
        }

        Assert.Equal(chosen, KernelCalibration.For(type));

        // A matrix of the type multiplies on that path unless told otherwise.
        var matrix = Q8_0WeightMatrix.Quantize(new float[64 * 64], 64, 64);
        Assert.Equal(KernelCalibration.For(GgufTensorType.Q8_0), matrix.Path);
    }
}
