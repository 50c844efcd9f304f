namespace Docent.Retrieval.Segments;

/// <summary>
/// One query's working state for searching segment after segment: the query terms a segment has (local indexes into
/// the arrays below, each with its dictionary entry, collection-wide weight and a reusable cursor), and scratch arrays
/// for MaxScore. Not thread-safe (one per search).
/// </summary>
internal sealed class QueryContext
{
    public QueryContext(int termCount, FieldNorms norms, double k1)
    {
        TermCount = termCount;
        Norms = norms;
        K1 = k1;
        Cursors = new SegmentPostingsCursor[termCount];
        for (int i = 0; i < termCount; i++)
        {
            Cursors[i] = new SegmentPostingsCursor();
        }

        Entries = new LexicalSegment.TermEntry[termCount];
        Weights = new double[termCount];
        TermIndexes = new int[termCount];
        LocalOf = new int[termCount];
        Bounds = new double[termCount];
        Order = new int[termCount];
        Below = new double[termCount];
        Contributions = new double[termCount];
        Array.Fill(LocalOf, -1);
    }

    /// <summary>Query terms in all.</summary>
    public int TermCount { get; }

    public FieldNorms Norms { get; }

    public double K1 { get; }

    /// <summary>Query terms the current segment has.</summary>
    public int Count { get; private set; }

    public SegmentPostingsCursor[] Cursors { get; }

    public LexicalSegment.TermEntry[] Entries { get; }

    public double[] Weights { get; }

    /// <summary>Local index → query term index.</summary>
    public int[] TermIndexes { get; }

    /// <summary>Query term index → local index, or -1 when the current segment lacks the term.</summary>
    public int[] LocalOf { get; }

    public double[] Bounds { get; }

    public int[] Order { get; }

    public double[] Below { get; }

    public double[] Contributions { get; }

    /// <summary>Starts the next segment.</summary>
    public void Clear()
    {
        for (int i = 0; i < Count; i++)
        {
            LocalOf[TermIndexes[i]] = -1;
        }

        Count = 0;
    }

    /// <summary>Adds query term <paramref name="termIndex"/>, found in the current segment.</summary>
    public void Add(int termIndex, LexicalSegment.TermEntry entry, double weight)
    {
        int local = Count++;
        TermIndexes[local] = termIndex;
        LocalOf[termIndex] = local;
        Entries[local] = entry;
        Weights[local] = weight;
    }

    /// <summary>Local term <paramref name="local"/>'s cursor, reset to the start of its postings in <paramref name="segment"/>.</summary>
    public SegmentPostingsCursor Cursor(int local, LexicalSegment segment)
    {
        SegmentPostingsCursor cursor = Cursors[local];
        cursor.Reset(segment, Entries[local].PostingsStart, Entries[local].DocFrequency, Norms, Weights[local], K1);
        return cursor;
    }
}
