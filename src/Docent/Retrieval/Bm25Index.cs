using System.Runtime.InteropServices;
using Docent.Text;

namespace Docent.Retrieval;

/// <summary>
/// Our in-memory BM25 inverted index over chunks (title, headings, body), persisted to a versioned,
/// checksummed file. Hand-written rather than Lucene.NET because the engine must stay dependency-light and
/// embedded, and query speed at a million chunks is a goal (Lucene.NET 4.8 is the benchmark peer).
/// <para>
/// Scoring is BM25F (Robertson &amp; Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond",
/// §3.5): field frequencies are weighted and length-normalised per field, then saturated once:
/// <c>tf~(t,d) = Σ_f w_f · tf(t,f,d) / (1 − b + b · len(f,d) / avglen(f))</c> and
/// <c>score(q,d) = Σ_t qtf(t) · idf(t) · (k1 + 1) · tf~ / (k1 + tf~)</c> with Lucene's always-positive
/// <c>idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))</c>. N, df and the average lengths count live chunks
/// only, so scores do not depend on update history; a field whose average length is 0 uses a ratio of 0.
/// Duplicate query terms count once with their frequency <c>qtf</c> as a weight.
/// </para>
/// <para>
/// Layout: a term dictionary maps terms to ids; each term has a growable array of <see cref="Bm25Posting"/>
/// (dense document ordinal + packed field frequencies). Ordinals map to and from the store's long keys.
/// Removal sets a tombstone bit; the index compacts when more than 25% of ordinals are dead and on save.
/// Queries accumulate scores term by term into a pooled array and keep the best with a small heap; equal
/// scores rank the lower key first.
/// </para>
/// Thread-safety: a <see cref="ReaderWriterLockSlim"/> allows many concurrent searches or one writer
/// (upsert, remove, save); text analysis runs outside the lock.
/// </summary>
public sealed partial class Bm25Index : ILexicalIndex, IDisposable
{
    private const int InitialCapacity = 16;

    private readonly ITextAnalyzer analyzer;
    private readonly Bm25Options options;
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);

    // Terms, by term id.
    private readonly Dictionary<string, int> termIds = new(StringComparer.Ordinal);
    private string[] termTexts = [];
    private Bm25Posting[][] postings = [];
    private int[] postingCounts = [];
    private int termCount;

    // Documents, by ordinal.
    private readonly Dictionary<long, int> ordinals = [];
    private long[] keys = [];
    private int[] titleLengths = [];
    private int[] headingLengths = [];
    private int[] bodyLengths = [];
    private ulong[] deadBits = [];
    private int docCount;
    private int deadCount;
    private int liveCount;
    private long titleTotal;
    private long headingsTotal;
    private long bodyTotal;

    private int compactions;

    /// <summary>Creates an empty index that analyses text with <paramref name="analyzer"/>.</summary>
    public Bm25Index(ITextAnalyzer analyzer, Bm25Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        this.analyzer = analyzer;
        this.options = options?.Clone() ?? new Bm25Options();
        this.options.Validate();
    }

    /// <inheritdoc />
    public int Count => Volatile.Read(ref liveCount);

    /// <summary>Ordinals currently tombstoned (for tests).</summary>
    internal int DeadCount => deadCount;

    /// <summary>How many times the index has compacted (for tests).</summary>
    internal int Compactions => compactions;

    /// <inheritdoc />
    public void Upsert(LexicalDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var frequencies = new Dictionary<string, uint>(StringComparer.Ordinal);
        int titleLength = CountField(frequencies, document.Title, Bm25Posting.TitleShift, Bm25Posting.SmallMask);
        int headingLength = CountField(frequencies, document.Headings, Bm25Posting.HeadingsShift, Bm25Posting.SmallMask);
        int bodyLength = CountField(frequencies, document.Body, Bm25Posting.BodyShift, Bm25Posting.BodyMask);

        gate.EnterWriteLock();
        try
        {
            if (ordinals.TryGetValue(document.Key, out int old))
            {
                Kill(old);
            }

            AddDocument(document.Key, frequencies, titleLength, headingLength, bodyLength);
            CompactIfSparse();
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public bool Remove(long key)
    {
        gate.EnterWriteLock();
        try
        {
            if (!ordinals.TryGetValue(key, out int ordinal))
            {
                return false;
            }

            Kill(ordinal);
            CompactIfSparse();
            return true;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => gate.Dispose();

    private int CountField(Dictionary<string, uint> frequencies, string? text, int shift, uint mask)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        IReadOnlyList<Token> tokens = analyzer.Analyze(text);
        for (int i = 0; i < tokens.Count; i++)
        {
            ref uint packed = ref CollectionsMarshal.GetValueRefOrAddDefault(frequencies, tokens[i].Term, out _);
            if (((packed >> shift) & mask) < mask)
            {
                packed += 1u << shift;
            }
        }

        return tokens.Count;
    }

    private bool IsDead(int ordinal) => (deadBits[ordinal >> 6] & (1UL << ordinal)) != 0;

    // Caller holds the write lock.
    private void Kill(int ordinal)
    {
        deadBits[ordinal >> 6] |= 1UL << ordinal;
        deadCount++;
        liveCount--;
        titleTotal -= titleLengths[ordinal];
        headingsTotal -= headingLengths[ordinal];
        bodyTotal -= bodyLengths[ordinal];
        ordinals.Remove(keys[ordinal]);
        InvalidateNorms();
    }

    // Caller holds the write lock.
    private void AddDocument(long key, Dictionary<string, uint> frequencies, int titleLength, int headingLength, int bodyLength)
    {
        if (docCount == keys.Length)
        {
            int capacity = Math.Max(InitialCapacity, keys.Length * 2);
            Array.Resize(ref keys, capacity);
            Array.Resize(ref titleLengths, capacity);
            Array.Resize(ref headingLengths, capacity);
            Array.Resize(ref bodyLengths, capacity);
            Array.Resize(ref deadBits, (capacity + 63) >> 6);
        }

        int ordinal = docCount++;
        keys[ordinal] = key;
        titleLengths[ordinal] = titleLength;
        headingLengths[ordinal] = headingLength;
        bodyLengths[ordinal] = bodyLength;
        titleTotal += titleLength;
        headingsTotal += headingLength;
        bodyTotal += bodyLength;
        ordinals[key] = ordinal;
        liveCount++;

        foreach ((string term, uint tf) in frequencies)
        {
            int id = GetOrAddTerm(term);
            ref Bm25Posting[] list = ref postings[id];
            int count = postingCounts[id];
            if (count == list.Length)
            {
                Array.Resize(ref list, Math.Max(4, count * 2));
            }

            list[count] = new Bm25Posting(ordinal, tf);
            postingCounts[id] = count + 1;
        }

        InvalidateNorms();
    }

    private int GetOrAddTerm(string term)
    {
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(termIds, term, out bool exists);
        if (exists)
        {
            return id;
        }

        if (termCount == termTexts.Length)
        {
            int capacity = Math.Max(InitialCapacity, termTexts.Length * 2);
            Array.Resize(ref termTexts, capacity);
            Array.Resize(ref postings, capacity);
            Array.Resize(ref postingCounts, capacity);
        }

        id = termCount++;
        termTexts[id] = term;
        postings[id] = [];
        postingCounts[id] = 0;
        return id;
    }

    private void CompactIfSparse()
    {
        if (deadCount > 0 && deadCount * 4L > docCount)
        {
            Compact();
        }
    }

    /// <summary>
    /// Drops tombstoned ordinals and renumbers the live ones densely (order kept, so postings stay sorted);
    /// terms left without postings leave the dictionary. Caller holds the write lock.
    /// </summary>
    private void Compact()
    {
        if (deadCount == 0)
        {
            return;
        }

        var remap = new int[docCount];
        int live = 0;
        for (int d = 0; d < docCount; d++)
        {
            if (IsDead(d))
            {
                remap[d] = -1;
                continue;
            }

            remap[d] = live;
            keys[live] = keys[d];
            titleLengths[live] = titleLengths[d];
            headingLengths[live] = headingLengths[d];
            bodyLengths[live] = bodyLengths[d];
            ordinals[keys[live]] = live;
            live++;
        }

        termIds.Clear();
        int kept = 0;
        for (int t = 0; t < termCount; t++)
        {
            Bm25Posting[] list = postings[t];
            int count = postingCounts[t];
            int written = 0;
            for (int i = 0; i < count; i++)
            {
                int target = remap[list[i].Doc];
                if (target >= 0)
                {
                    list[written++] = new Bm25Posting(target, list[i].Tf);
                }
            }

            if (written == 0)
            {
                continue;
            }

            if (written < list.Length / 2)
            {
                Array.Resize(ref list, written);
            }

            postings[kept] = list;
            postingCounts[kept] = written;
            termTexts[kept] = termTexts[t];
            termIds[termTexts[t]] = kept;
            kept++;
        }

        Array.Clear(postings, kept, termCount - kept);
        Array.Clear(termTexts, kept, termCount - kept);
        termCount = kept;
        Array.Clear(deadBits);
        docCount = live;
        deadCount = 0;
        compactions++;
        InvalidateNorms();
    }
}
