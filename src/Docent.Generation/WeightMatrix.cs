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

    /// <summary>
    /// The bytes <see cref="PrepareInput"/> writes for one input vector: 0 where the kernel multiplies floats directly,
    /// the size of the Q8 activation blocks for the block types (see <see cref="BlockWeightMatrix"/>).
    /// </summary>
    public virtual int PreparedInputBytes => 0;

    /// <summary>
    /// Converts input <paramref name="x"/> into the form this type's kernel multiplies (for the block types: quantised
    /// once to 8-bit blocks, as llama.cpp does), so the threads sharing one product do not each redo it. Writes
    /// <see cref="PreparedInputBytes"/> bytes; does nothing when that is 0.
    /// </summary>
    public virtual void PrepareInput(ReadOnlySpan<float> x, Span<byte> prepared)
    {
    }

    /// <summary>
    /// <see cref="MultiplyRows"/> on an input <see cref="PrepareInput"/> converted into <paramref name="prepared"/>
    /// (<paramref name="x"/> is the same input as floats, for the types that multiply those).
    /// </summary>
    public virtual void MultiplyRowsPrepared(ReadOnlySpan<float> x, ReadOnlySpan<byte> prepared, Span<float> output, int rowStart) =>
        MultiplyRows(x, output, rowStart);

    /// <summary>
    /// <see cref="MultiplyRowsBatch"/> on inputs <see cref="PrepareInput"/> converted one after another into
    /// <paramref name="prepared"/> (<paramref name="count"/> × <see cref="PreparedInputBytes"/> bytes).
    /// </summary>
    public virtual void MultiplyRowsBatchPrepared(ReadOnlySpan<float> xs, ReadOnlySpan<byte> prepared, int count, Span<float> outputs, int rowStart, int rowCount) =>
        MultiplyRowsBatch(xs, count, outputs, rowStart, rowCount);

    /// <summary>Widens row <paramref name="row"/> into <paramref name="destination"/> (the embedding look-up).</summary>
    public abstract void ReadRow(int row, Span<float> destination);
}
