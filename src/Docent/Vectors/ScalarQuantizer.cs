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

    private readonly float[] _min;
    private readonly float[] _max;
    private readonly float[] _center;
    private readonly float[] _scale;
    private readonly float[] _inverseScale;
    private readonly float[] _weights;

    public ScalarQuantizer(int dimension)
    {
        _min = new float[dimension];
        _max = new float[dimension];
        _center = new float[dimension];
        _scale = new float[dimension];
        _inverseScale = new float[dimension];
        _weights = new float[dimension];
        Array.Fill(_min, float.PositiveInfinity);
        Array.Fill(_max, float.NegativeInfinity);
    }

    public int Dimension => _min.Length;

    /// <summary>Whether any vector has set the ranges yet.</summary>
    public bool IsInitialized => _min[0] <= _max[0];

    /// <summary>Per-dimension squared scales, the weights of <see cref="VectorKernels.WeightedSquaredL2Int8"/>.</summary>
    public float[] Weights => _weights;

    public ReadOnlySpan<float> Min => _min;

    public ReadOnlySpan<float> Max => _max;

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

            _min[d] = savedMin[d];
            _max[d] = savedMax[d];
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
            if (low >= _min[d] && high <= _max[d])
            {
                continue;
            }

            bool first = !(_min[d] <= _max[d]);
            float newLow = first ? low : MathF.Min(low, _min[d]);
            float newHigh = first ? high : MathF.Max(high, _max[d]);
            float pad = MathF.Max((newHigh - newLow) / 8, MathF.Max(MathF.Abs(newLow), MathF.Abs(newHigh)) * 1e-3f);
            pad = MathF.Max(pad, 1e-6f);
            if (first || low < _min[d])
            {
                _min[d] = newLow - pad;
            }

            if (first || high > _max[d])
            {
                _max[d] = newHigh + pad;
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
        float q = MathF.Round((value - _center[dimension]) * _inverseScale[dimension]);
        return (sbyte)Math.Clamp(q, -127f, 127f);
    }

    /// <summary>The value a code stands for.</summary>
    public float Decode(int dimension, sbyte code) => _center[dimension] + (_scale[dimension] * code);

    /// <summary>Prepares an inner-product query: <c>q·x̂ = constant + DotInt8(transformed, codes)</c>; returns the constant.</summary>
    public float PrepareDot(ReadOnlySpan<float> query, Span<float> transformed)
    {
        TensorPrimitives.Multiply(query, _scale, transformed);
        return TensorPrimitives.Dot(query, _center);
    }

    /// <summary>Prepares a squared-distance query: <c>‖q − x̂‖² = WeightedSquaredL2Int8(transformed, codes, Weights)</c>.</summary>
    public void PrepareL2(ReadOnlySpan<float> query, Span<float> transformed)
    {
        TensorPrimitives.Subtract(query, _center, transformed);
        TensorPrimitives.Multiply(transformed, _inverseScale, transformed);
    }

    private void Refresh(int d)
    {
        _center[d] = (_min[d] + _max[d]) / 2;
        _scale[d] = (_max[d] - _min[d]) / Levels;
        _inverseScale[d] = 1 / _scale[d];
        _weights[d] = _scale[d] * _scale[d];
    }
}
