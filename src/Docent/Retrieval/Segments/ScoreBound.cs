namespace Docent.Retrieval.Segments;

/// <summary>
/// An upper bound on the BM25F pseudo-frequency of a run of postings (a block, or all of a term's), valid whatever the
/// collection's average lengths: the body's Pareto frontier of (frequency, shortest body with it) — a chunk's body score
/// grows with its frequency and shrinks with its length, so the best chunk is on the frontier — plus the largest title and
/// headings frequencies with the shortest such fields. Encoded as a count byte, LEB128 pairs, a flags byte and the two
/// optional field bounds. Collect with <see cref="Add"/>, then <see cref="Write"/>; <see cref="Evaluate"/> reads one
/// back under the current norms. Not thread-safe (one per writer).
/// </summary>
internal sealed class ScoreBound
{
    private readonly Dictionary<int, int> _shortestBodyByFrequency = [];
    private readonly List<(int Tf, int Length)> _pairs = [];
    private int _titleMax;
    private int _titleShortest = int.MaxValue;
    private int _headingsMax;
    private int _headingsShortest = int.MaxValue;

    /// <summary>Adds one posting: its packed frequencies (<see cref="Bm25Posting"/>) and its chunk's field lengths.</summary>
    public void Add(uint packedTf, int titleLength, int headingLength, int bodyLength)
    {
        int body = (int)(packedTf >> Bm25Posting.BodyShift);
        if (body > 0)
        {
            if (!_shortestBodyByFrequency.TryGetValue(body, out int shortest) || bodyLength < shortest)
            {
                _shortestBodyByFrequency[body] = bodyLength;
            }
        }

        int title = (int)(packedTf & Bm25Posting.SmallMask);
        if (title > 0)
        {
            _titleMax = Math.Max(_titleMax, title);
            _titleShortest = Math.Min(_titleShortest, titleLength);
        }

        int headings = (int)((packedTf >> Bm25Posting.HeadingsShift) & Bm25Posting.SmallMask);
        if (headings > 0)
        {
            _headingsMax = Math.Max(_headingsMax, headings);
            _headingsShortest = Math.Min(_headingsShortest, headingLength);
        }
    }

    /// <summary>Writes the bound collected since the last reset and resets.</summary>
    public void Write(Stream stream)
    {
        _pairs.Clear();
        foreach (var (tf, length) in _shortestBodyByFrequency)
        {
            _pairs.Add((tf, length));
        }

        _pairs.Sort(static (x, y) => y.Tf.CompareTo(x.Tf));
        int kept = 0;
        int shortest = int.MaxValue;
        for (int i = 0; i < _pairs.Count; i++)
        {
            if (_pairs[i].Length < shortest)
            {
                shortest = _pairs[i].Length;
                _pairs[kept++] = _pairs[i];
            }
        }

        // Too long a frontier: the tail collapses into one pair of its largest frequency and its (the overall) shortest
        // length, which still bounds every pair it replaces.
        if (kept > LexicalSegment.MaxFrontier)
        {
            _pairs[LexicalSegment.MaxFrontier - 1] = (_pairs[LexicalSegment.MaxFrontier - 1].Tf, _pairs[kept - 1].Length);
            kept = LexicalSegment.MaxFrontier;
        }

        stream.WriteByte((byte)kept);
        for (int i = 0; i < kept; i++)
        {
            PostingsCodec.WriteVarint(stream, (ulong)_pairs[i].Tf);
            PostingsCodec.WriteVarint(stream, (ulong)_pairs[i].Length);
        }

        stream.WriteByte((byte)((_titleMax > 0 ? 1 : 0) | (_headingsMax > 0 ? 2 : 0)));
        if (_titleMax > 0)
        {
            PostingsCodec.WriteVarint(stream, (ulong)_titleMax);
            PostingsCodec.WriteVarint(stream, (ulong)_titleShortest);
        }

        if (_headingsMax > 0)
        {
            PostingsCodec.WriteVarint(stream, (ulong)_headingsMax);
            PostingsCodec.WriteVarint(stream, (ulong)_headingsShortest);
        }

        _shortestBodyByFrequency.Clear();
        _titleMax = 0;
        _titleShortest = int.MaxValue;
        _headingsMax = 0;
        _headingsShortest = int.MaxValue;
    }

    /// <summary>Reads a bound at <paramref name="at"/> and returns the largest pseudo-frequency it allows under <paramref name="norms"/>.</summary>
    public static double Evaluate(ReadOnlySpan<byte> source, ref int at, in FieldNorms norms)
    {
        if ((uint)at >= (uint)source.Length)
        {
            throw new InvalidDataException("Corrupt lexical segment: a score bound is missing.");
        }

        int count = source[at++];
        double body = 0;
        for (int i = 0; i < count; i++)
        {
            int tf = PostingsCodec.ReadInt(source, ref at);
            int length = PostingsCodec.ReadInt(source, ref at);
            body = Math.Max(body, tf * norms.Body(length));
        }

        if ((uint)at >= (uint)source.Length)
        {
            throw new InvalidDataException("Corrupt lexical segment: a score bound is cut short.");
        }

        int flags = source[at++];
        double small = 0;
        if ((flags & 1) != 0)
        {
            int tf = PostingsCodec.ReadInt(source, ref at);
            small += tf * norms.Title(PostingsCodec.ReadInt(source, ref at));
        }

        if ((flags & 2) != 0)
        {
            int tf = PostingsCodec.ReadInt(source, ref at);
            small += tf * norms.Headings(PostingsCodec.ReadInt(source, ref at));
        }

        return body + small;
    }

    /// <summary>Steps over a bound at <paramref name="at"/>.</summary>
    public static void Skip(ReadOnlySpan<byte> source, ref int at)
    {
        if ((uint)at >= (uint)source.Length)
        {
            throw new InvalidDataException("Corrupt lexical segment: a score bound is missing.");
        }

        int count = source[at++];
        for (int i = 0; i < count * 2; i++)
        {
            PostingsCodec.ReadVarint(source, ref at);
        }

        if ((uint)at >= (uint)source.Length)
        {
            throw new InvalidDataException("Corrupt lexical segment: a score bound is cut short.");
        }

        int flags = source[at++];
        int fields = ((flags & 1) != 0 ? 2 : 0) + ((flags & 2) != 0 ? 2 : 0);
        for (int i = 0; i < fields; i++)
        {
            PostingsCodec.ReadVarint(source, ref at);
        }
    }
}
