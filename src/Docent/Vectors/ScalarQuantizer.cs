using System.Numerics.Tensors;

namespace Docent.Vectors;

/// <summary>
/// Per-dimension int8 scalar quantisation: dimension <c>d</c> covers <c>[min_d, max_d]</c> with 255 levels,
/// <c>x̂_d = c_d + s_d · code_d</c> where <c>c_d</c> is the range's centre, <c>s_d = (max_d − min_d) / 254</c> and
/// <c>code_d ∈ [−127, 127]</c>. The ranges come from the data: they grow (with a margin of an eighth of the range)
/// when a vector falls outside them, and the caller then re-encodes the dimensions that changed.
/// <para>
/// Distances are asymmetric: the query stays float32 and only stored vectors are quantised. A query is
/// prepared once so that each distance is one SIMD pass over the codes:
/// inner product <c>q·x̂ = Σ q_d c_d + Σ (q_d s_d) code_d</c>, and squared distance
/// <c>‖q − x̂‖² = Σ s_d² ((q_d − c_d)/s_d − code_d)²</c>.
/// </para>
/// Not thread-safe for writes; reads (prepare, encode) may run concurrently when nothing widens.
/// </summary>
internal sealed class ScalarQuantizer
{
    private const float Levels = 254f;

    private readonly float[] min;
    private readonly float[] max;
    private readonly float[] center;
    private readonly float[] scale;
    private readonly float[] inverseScale;
    private readonly float[] weights;

    public ScalarQuantizer(int dimension)
    {
        min = new float[dimension];
        max = new float[dimension];
        center = new float[dimension];
        scale = new float[dimension];
        inverseScale = new float[dimension];
        weights = new float[dimension];
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
    }

    public int Dimension => min.Length;

    /// <summary>Whether any vector has set the ranges yet.</summary>
    public bool IsInitialized => min[0] <= max[0];

    /// <summary>Per-dimension squared scales, the weights of <see cref="VectorKernels.WeightedSquaredL2Int8"/>.</summary>
    public float[] Weights => weights;

    public ReadOnlySpan<float> Min => min;

    public ReadOnlySpan<float> Max => max;

    /// <summary>Bytes of the parameters.</summary>
    public long Bytes => 6L * sizeof(float) * Dimension;

    /// <summary>Restores saved ranges (from <see cref="Min"/> and <see cref="Max"/>).</summary>
    public void SetRanges(ReadOnlySpan<float> savedMin, ReadOnlySpan<float> savedMax)
    {
        for (int d = 0; d < Dimension; d++)
        {
            if (!(savedMin[d] < savedMax[d]) || !float.IsFinite(savedMin[d]) || !float.IsFinite(savedMax[d]))
            {
                throw new InvalidDataException($"Invalid quantisation range in dimension {d}.");
            }

            min[d] = savedMin[d];
            max[d] = savedMax[d];
            Refresh(d);
        }
    }

    /// <summary>
    /// Widens the ranges to cover every row of <paramref name="rows"/> (row-major, <see cref="Dimension"/> wide);
    /// sets <paramref name="changed"/>[d] for each dimension whose range grew. Returns whether any grew.
    /// </summary>
    public bool Widen(ReadOnlySpan<float> rows, Span<bool> changed)
    {
        int dimension = Dimension;
        if (rows.Length == 0)
        {
            return false;
        }

        float[] lows = rows[..dimension].ToArray();
        float[] highs = rows[..dimension].ToArray();
        for (int at = dimension; at < rows.Length; at += dimension)
        {
            TensorPrimitives.Min(lows, rows.Slice(at, dimension), lows);
            TensorPrimitives.Max(highs, rows.Slice(at, dimension), highs);
        }

        bool any = false;
        for (int d = 0; d < dimension; d++)
        {
            float low = lows[d];
            float high = highs[d];
            if (low >= min[d] && high <= max[d])
            {
                continue;
            }

            bool first = !(min[d] <= max[d]);
            float newLow = first ? low : MathF.Min(low, min[d]);
            float newHigh = first ? high : MathF.Max(high, max[d]);
            float pad = MathF.Max((newHigh - newLow) / 8, MathF.Max(MathF.Abs(newLow), MathF.Abs(newHigh)) * 1e-3f);
            pad = MathF.Max(pad, 1e-6f);
            if (first || low < min[d])
            {
                min[d] = newLow - pad;
            }

            if (first || high > max[d])
            {
                max[d] = newHigh + pad;
            }

            Refresh(d);
            changed[d] = true;
            any = true;
        }

        return any;
    }

    /// <summary>Writes the codes of <paramref name="vector"/>; values outside the ranges clamp.</summary>
    public void Encode(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        for (int d = 0; d < vector.Length; d++)
        {
            codes[d] = Encode(d, vector[d]);
        }
    }

    /// <summary>The code of one component.</summary>
    public sbyte Encode(int dimension, float value)
    {
        float q = MathF.Round((value - center[dimension]) * inverseScale[dimension]);
        return (sbyte)Math.Clamp(q, -127f, 127f);
    }

    /// <summary>The value a code stands for.</summary>
    public float Decode(int dimension, sbyte code) => center[dimension] + (scale[dimension] * code);

    /// <summary>Prepares an inner-product query: <c>q·x̂ = constant + DotInt8(transformed, codes)</c>; returns the constant.</summary>
    public float PrepareDot(ReadOnlySpan<float> query, Span<float> transformed)
    {
        TensorPrimitives.Multiply(query, scale, transformed);
        return TensorPrimitives.Dot(query, center);
    }

    /// <summary>Prepares a squared-distance query: <c>‖q − x̂‖² = WeightedSquaredL2Int8(transformed, codes, Weights)</c>.</summary>
    public void PrepareL2(ReadOnlySpan<float> query, Span<float> transformed)
    {
        TensorPrimitives.Subtract(query, center, transformed);
        TensorPrimitives.Multiply(transformed, inverseScale, transformed);
    }

    private void Refresh(int d)
    {
        center[d] = (min[d] + max[d]) / 2;
        scale[d] = (max[d] - min[d]) / Levels;
        inverseScale[d] = 1 / scale[d];
        weights[d] = scale[d] * scale[d];
    }
}
