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

    [Theory]
    [InlineData(GgufTensorType.Q2_K)]
    [InlineData(GgufTensorType.Q3_K)]
    [InlineData(GgufTensorType.Q5_K)]
    [InlineData(GgufTensorType.Q8_K)]
    [InlineData(GgufTensorType.BF16)]
    public void TypesWithoutAvx512KernelsAreNotReportedOnThatPath(GgufTensorType type)
    {
        Assert.False(KernelCalibration.HasAvx512Kernels(type));
        if (Environment.GetEnvironmentVariable(GgmlKernels.PathVariable) is null)
        {
            // Their AVX-512 "path" is their AVX2 kernel: calibration must not time it as a path of its own.
            Assert.NotEqual(KernelPath.Avx512, KernelCalibration.For(type));
        }
    }
}

/// <summary>Weights so small that their blocks' float16 scales are subnormal (common for K-quant super-block scales).</summary>
public sealed class SubnormalScaleTests
{
    [Theory]
    [InlineData(GgufTensorType.Q8_0)]
    [InlineData(GgufTensorType.Q4_K)]
    [InlineData(GgufTensorType.Q6_K)]
    public void TinyWeightsMultiplyAsTheirDequantisedValuesOnEveryPath(GgufTensorType type)
    {
        const int rows = 16, columns = 512;
        var random = new Random(3);
        var values = new float[rows * columns];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5) * 4e-4f;
        }

        var encoded = GgmlQuantization.Quantize(values, type);
        var dequantised = new float[values.Length];
        GgmlQuantization.Dequantize(encoded, type, dequantised);
        Assert.Contains(dequantised, v => v != 0f);
        var x = new float[columns];
        for (var i = 0; i < columns; i++)
        {
            x[i] = (float)(random.NextDouble() - 0.5);
        }

        foreach (var path in GgmlKernels.Supported())
        {
            BlockWeightMatrix matrix = type switch
            {
                GgufTensorType.Q8_0 => new Q8_0WeightMatrix(encoded, rows, columns),
                GgufTensorType.Q4_K => new Q4_KWeightMatrix(encoded, rows, columns),
                _ => new Q6_KWeightMatrix(encoded, rows, columns),
            };
            matrix.Path = path;
            var output = new float[rows];
            matrix.MultiplyRows(x, output, 0);
            for (var r = 0; r < rows; r++)
            {
                double exact = 0, magnitude = 0;
                for (var j = 0; j < columns; j++)
                {
                    exact += dequantised[r * columns + j] * (double)x[j];
                    magnitude += Math.Abs(dequantised[r * columns + j] * (double)x[j]);
                }

                // 8-bit activations move the sum by at most ~1% of its magnitude; a scale read as 0 or as a wrong
                // power of two would move it by far more.
                Assert.InRange(output[r], exact - 0.02 * magnitude - 1e-12, exact + 0.02 * magnitude + 1e-12);
            }
        }
    }
}
