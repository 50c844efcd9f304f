namespace Docent.Retrieval.Segments;

/// <summary>
/// The collection-wide BM25F length normalisation in effect for one state of a segmented index: per field its weight and
/// the scale <c>b · N / total length</c>, so a chunk's norm is <c>w_f / (1 − b + len · scale_f)</c> — computed exactly as
/// <c>Bm25Index</c> computes its norms, so scores match bit for bit. Immutable.
/// </summary>
internal readonly record struct FieldNorms(double B, double TitleWeight, double TitleScale, double HeadingsWeight, double HeadingsScale, double BodyWeight, double BodyScale)
{
    /// <summary>The norms for <paramref name="liveCount"/> live chunks with the given field length totals.</summary>
    public static FieldNorms For(
        double b, double titleWeight, double headingsWeight, double bodyWeight, int liveCount, long titleTotal, long headingsTotal, long bodyTotal) => new(
        b,
        titleWeight,
        Scale(b, liveCount, titleTotal),
        headingsWeight,
        Scale(b, liveCount, headingsTotal),
        bodyWeight,
        Scale(b, liveCount, bodyTotal));

    public double Title(int length) => Norm(TitleWeight, length, TitleScale);

    public double Headings(int length) => Norm(HeadingsWeight, length, HeadingsScale);

    public double Body(int length) => Norm(BodyWeight, length, BodyScale);

    /// <summary>Fills <paramref name="norms"/> for every length, as <c>Bm25Index</c>'s norm cache does.</summary>
    public void Fill(Span<double> norms, ReadOnlySpan<int> lengths, double fieldWeight, double scale)
    {
        for (int d = 0; d < lengths.Length; d++)
        {
            norms[d] = Norm(fieldWeight, lengths[d], scale);
        }
    }

    private static double Scale(double b, int liveCount, long total) => total > 0 ? b * liveCount / total : 0;

    private double Norm(double fieldWeight, int length, double scale)
    {
        // The denominator is 0 only when b = 1 and the field is empty, where no term can occur in it.
        double denominator = 1 - B + (length * scale);
        return denominator > 0 ? fieldWeight / denominator : 0;
    }
}
