using Docent.Retrieval.Segments;

namespace Docent.Retrieval;

/// <summary>
/// Merging: the chosen segments' live chunks are rewritten, in key order, into one new segment (deleted chunks dropped,
/// postings remapped), their checksums verified first; the new segment replaces them in one step under the write lock,
/// so searches see either the old segments or the new one. Merges run inside <see cref="SaveAsync"/>, off the search path.
/// </summary>
public sealed partial class SegmentedLexicalIndex
{
    private static readonly Comparer<byte[]> TermOrder = Comparer<byte[]>.Create(static (x, y) => x.AsSpan().SequenceCompareTo(y));

    /// <summary>How many merges have run (for tests).</summary>
    internal int Merges { get; private set; }

    /// <summary>
    /// Merges the buffer and every segment into one segment (as Lucene's <c>forceMerge(1)</c>), dropping deleted chunks:
    /// for a collection that no longer changes, and for benchmarks against a peer merged the same way. The caller makes no
    /// other write meanwhile and saves afterwards to make it durable.
    /// </summary>
    public void ForceMerge(CancellationToken cancellationToken = default)
    {
        FlushBuffer();
        SegmentState[] segments = _segments;
        if (segments.Length > 1 || (segments.Length == 1 && segments[0].DeletedCount > 0))
        {
            ReplaceSegments(segments, MergeSegments(segments, cancellationToken));
            Merges++;
        }
    }

    /// <summary>Runs the merges <see cref="SegmentMergePolicy"/> asks for, one after another, until none is due.</summary>
    private void MergeAsPolicyAsks(CancellationToken cancellationToken)
    {
        while (true)
        {
            SegmentState[] segments = _segments;
            IReadOnlyList<int> chosen = SegmentMergePolicy.NextMerge(
                segments.Select(s => new SegmentMergePolicy.Candidate(s.LiveCount, s.Segment.DocCount, s.Segment.FileLength)).ToList());
            if (chosen.Count == 0)
            {
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            SegmentState[] inputs = chosen.Select(i => segments[i]).ToArray();
            SegmentState? merged = MergeSegments(inputs, cancellationToken);
            ReplaceSegments(inputs, merged);
            Merges++;
        }
    }

    /// <summary>Swaps <paramref name="inputs"/> for <paramref name="merged"/> (null when nothing was live) and unmaps the inputs.</summary>
    private void ReplaceSegments(SegmentState[] inputs, SegmentState? merged)
    {
        _gate.EnterWriteLock();
        _writes++;
        try
        {
            var remaining = _segments.Where(s => !inputs.Contains(s)).ToList();
            if (merged is not null)
            {
                remaining.Add(merged);
            }

            foreach (SegmentState input in inputs)
            {
                AddStatistics(input, -1);
            }

            if (merged is not null)
            {
                AddStatistics(merged, +1);
            }

            _segments = [.. remaining];
            Changed();
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        // No search holds them: searches run under the read lock, which the swap above waited for.
        foreach (SegmentState input in inputs)
        {
            input.Segment.Dispose();
        }
    }

    private SegmentState? MergeSegments(SegmentState[] inputs, CancellationToken cancellationToken)
    {
        foreach (SegmentState input in inputs)
        {
            if (!input.Segment.ChecksumMatches())
            {
                throw new InvalidDataException(
                    $"The lexical segment '{input.Segment.Path}' is damaged (checksum mismatch); delete {Path.GetDirectoryName(input.Segment.Path)} and the lexical index file beside it to rebuild the index from the store.");
            }
        }

        int total = inputs.Sum(s => s.LiveCount);
        if (total == 0)
        {
            return null;
        }

        // Languages: the union of the inputs' tables.
        var languageNames = new List<string>();
        var languageMaps = new byte[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++)
        {
            IReadOnlyList<string> names = inputs[i].Segment.LanguageNames;
            languageMaps[i] = new byte[names.Count];
            for (int l = 0; l < names.Count; l++)
            {
                int id = languageNames.IndexOf(names[l]);
                if (id < 0)
                {
                    id = languageNames.Count < 256 ? languageNames.Count : 0;
                    if (languageNames.Count < 256)
                    {
                        languageNames.Add(names[l]);
                    }
                }

                languageMaps[i][l] = (byte)id;
            }
        }

        string path = NewSegmentPath();
        var remaps = new int[inputs.Length][];
        using (var writer = new LexicalSegmentWriter(path, total, languageNames))
        {
            // Chunks in key order: a k-way merge of the inputs' sorted keys (a live key is in one input only).
            var positions = new int[inputs.Length];
            var queue = new PriorityQueue<int, long>();
            for (int i = 0; i < inputs.Length; i++)
            {
                remaps[i] = new int[inputs[i].Segment.DocCount];
                Array.Fill(remaps[i], -1);
                if (AdvanceToLive(inputs[i], ref positions[i]))
                {
                    queue.Enqueue(i, inputs[i].Segment.Keys[positions[i]]);
                }
            }

            int ordinal = 0;
            while (queue.TryDequeue(out int i, out _))
            {
                LexicalSegment segment = inputs[i].Segment;
                int d = positions[i];
                writer.AddDocument(segment.Keys[d], segment.TitleLengths[d], segment.HeadingLengths[d], segment.BodyLengths[d], languageMaps[i][segment.Languages[d]]);
                remaps[i][d] = ordinal++;
                positions[i]++;
                if (AdvanceToLive(inputs[i], ref positions[i]))
                {
                    queue.Enqueue(i, segment.Keys[positions[i]]);
                }
            }

            // Terms in byte order: a k-way merge of the inputs' dictionaries, each term's postings gathered and remapped.
            var terms = new IEnumerator<(byte[] Term, LexicalSegment.TermEntry Entry)>[inputs.Length];
            var termQueue = new PriorityQueue<int, byte[]>(TermOrder);
            for (int i = 0; i < inputs.Length; i++)
            {
                terms[i] = inputs[i].Segment.EnumerateTerms().GetEnumerator();
                if (terms[i].MoveNext())
                {
                    termQueue.Enqueue(i, terms[i].Current.Term);
                }
            }

            var cursor = new SegmentPostingsCursor();
            var postings = new List<(int Ordinal, uint Tf)>();
            var holders = new List<int>();
            int merged = 0;
            while (termQueue.TryPeek(out _, out byte[]? term))
            {
                if ((++merged & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                holders.Clear();
                while (termQueue.TryPeek(out int i, out byte[]? next) && next.AsSpan().SequenceEqual(term))
                {
                    termQueue.Dequeue();
                    holders.Add(i);
                }

                postings.Clear();
                bool sorted = true;
                foreach (int i in holders)
                {
                    var entry = terms[i].Current.Entry;
                    cursor.Reset(inputs[i].Segment, entry.PostingsStart, entry.DocFrequency, default);
                    int[] remap = remaps[i];
                    for (int d = cursor.NextDoc(); d != SegmentPostingsCursor.End; d = cursor.NextDoc())
                    {
                        int target = remap[d];
                        if (target < 0)
                        {
                            continue;
                        }

                        sorted &= postings.Count == 0 || postings[^1].Ordinal < target;
                        postings.Add((target, cursor.Tf));
                    }

                    if (terms[i].MoveNext())
                    {
                        termQueue.Enqueue(i, terms[i].Current.Term);
                    }
                }

                if (postings.Count == 0)
                {
                    continue;
                }

                if (!sorted)
                {
                    postings.Sort(static (x, y) => x.Ordinal.CompareTo(y.Ordinal));
                }

                writer.StartTerm(term);
                foreach (var (target, tf) in postings)
                {
                    writer.AddPosting(target, tf);
                }

                writer.EndTerm();
            }

            writer.Commit();
        }

        return new SegmentState(LexicalSegment.Open(path, verify: false));
    }

    private static bool AdvanceToLive(SegmentState state, ref int position)
    {
        while (position < state.Segment.DocCount && state.IsDeleted(position))
        {
            position++;
        }

        return position < state.Segment.DocCount;
    }
}
