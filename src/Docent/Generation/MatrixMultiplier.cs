namespace Docent.Generation;

/// <summary>
/// Runs matrix-vector products, splitting a matrix's rows across <see cref="ThreadCount"/> threads. One instance
/// serves one model at a time: not thread-safe.
/// </summary>
public sealed class MatrixMultiplier
{
    /// <summary>Creates a multiplier using <paramref name="threadCount"/> threads (1: the calling thread only).</summary>
    public MatrixMultiplier(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threadCount);
        ThreadCount = threadCount;
    }

    /// <summary>The number of threads a product uses.</summary>
    public int ThreadCount { get; }

    /// <summary><c>output = W x</c>; <paramref name="output"/> holds <c>W.Rows</c> floats.</summary>
    public void Multiply(WeightMatrix w, ReadOnlySpan<float> x, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.MultiplyRows(x, output[..w.Rows], 0);
    }

    /// <summary><c>outputs[b] = W xs[b]</c> for <paramref name="count"/> vectors stored one after another.</summary>
    public void MultiplyBatch(WeightMatrix w, ReadOnlySpan<float> xs, int count, Span<float> outputs)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.MultiplyRowsBatch(xs, count, outputs, 0, w.Rows);
    }
}
