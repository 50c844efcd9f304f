namespace Docent.Generation;

/// <summary>
/// A rows × columns weight matrix stored row-major in one GGML element type, usually read in place from a mapped
/// file. Subclasses hold one kernel per type (the hand-written part: no .NET package multiplies GGML blocks).
/// Immutable; every method is thread-safe, so threads may multiply disjoint row ranges at once.
/// </summary>
public abstract class WeightMatrix
{
    /// <summary>Sets the shape.</summary>
    protected WeightMatrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The number of rows (output width of a product).</summary>
    public int Rows { get; }

    /// <summary>The number of columns (input width of a product).</summary>
    public int Columns { get; }

    /// <summary>The element type the rows are stored in.</summary>
    public abstract GgufTensorType Type { get; }

    /// <summary>
    /// Writes <c>output[i] = row(rowStart + i) · x</c> for every <c>i &lt; output.Length</c>; <paramref name="x"/>
    /// holds <see cref="Columns"/> floats.
    /// </summary>
    public abstract void MultiplyRows(ReadOnlySpan<float> x, Span<float> output, int rowStart);

    /// <summary>
    /// The batched form: <paramref name="xs"/> holds <paramref name="count"/> input vectors one after another and
    /// <paramref name="outputs"/> <paramref name="count"/> output vectors of <see cref="Rows"/> floats; only rows
    /// <paramref name="rowStart"/> to <c>rowStart + rowCount</c> of each output are written. The default loops over
    /// <see cref="MultiplyRows"/>; a subclass may reuse each weight row across the batch.
    /// </summary>
    public virtual void MultiplyRowsBatch(ReadOnlySpan<float> xs, int count, Span<float> outputs, int rowStart, int rowCount)
    {
        for (var b = 0; b < count; b++)
        {
            MultiplyRows(xs.Slice(b * Columns, Columns), outputs.Slice(b * Rows + rowStart, rowCount), rowStart);
        }
    }

    /// <summary>Widens row <paramref name="row"/> into <paramref name="destination"/> (the embedding look-up).</summary>
    public abstract void ReadRow(int row, Span<float> destination);
}
