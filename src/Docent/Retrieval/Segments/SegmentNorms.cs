namespace Docent.Retrieval.Segments;

/// <summary>
/// One segment's per-chunk BM25F norms under one set of collection statistics (<see cref="Key"/>). Never changed once
/// made: a search with other statistics (a write changed them, or a shard was handed a whole collection's) gets new
/// arrays, so concurrent searches never see norms change under them. Immutable; thread-safe.
/// </summary>
internal sealed class SegmentNorms
{
    private SegmentNorms(FieldNorms key, double[] body, double[]? title, double[]? headings)
    {
        Key = key;
        Body = body;
        Title = title;
        Headings = headings;
    }

    /// <summary>The statistics the norms were computed under.</summary>
    public FieldNorms Key { get; }

    public double[] Body { get; }

    /// <summary>Title norms, or null when the segment has no title or heading text.</summary>
    public double[]? Title { get; }

    /// <summary>Heading norms, null exactly when <see cref="Title"/> is.</summary>
    public double[]? Headings { get; }

    /// <summary>Computes every chunk's norms of <paramref name="segment"/> under <paramref name="norms"/>.</summary>
    public static SegmentNorms Compute(LexicalSegment segment, FieldNorms norms)
    {
        int count = segment.DocCount;
        var body = new double[count];
        norms.Fill(body, segment.BodyLengths, norms.BodyWeight, norms.BodyScale);
        if (segment.TitleTotal == 0 && segment.HeadingsTotal == 0)
        {
            return new SegmentNorms(norms, body, null, null);
        }

        var title = new double[count];
        var headings = new double[count];
        norms.Fill(title, segment.TitleLengths, norms.TitleWeight, norms.TitleScale);
        norms.Fill(headings, segment.HeadingLengths, norms.HeadingsWeight, norms.HeadingsScale);
        return new SegmentNorms(norms, body, title, headings);
    }
}
