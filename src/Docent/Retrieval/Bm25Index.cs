using System.Runtime.InteropServices;
using Docent.Retrieval.Segments;
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
/// Queries accumulate scores term by term into a pooled array and keep the best with a small heap, or, for
/// two or more terms and a small K, run MaxScore with the same results (Bm25Index.MaxScore.cs); equal scores
/// rank the lower key first.
/// </para>
/// Thread-safety: a <see cref="ReaderWriterLockSlim"/> allows many concurrent searches or one writer
/// (upsert, remove, save); text analysis runs outside the lock.
/// </summary>
public sealed partial class Bm25Index : ILexicalIndex, IDisposable
{
    private const int InitialCapacity = 16;
    private const int MaxLanguages = 256;

    private readonly ITextAnalyzer _analyzer;
    private readonly Bm25Options _options;
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);

    // Terms, by term id.
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private string[] _termTexts = [];
    private Bm25Posting[][] _postings = [];
    private int[] _postingCounts = [];
    private int _termCount;

    // Documents, by ordinal.
    private readonly Dictionary<long, int> _ordinals = [];
    private long[] _keys = [];
    private int[] _titleLengths = [];
    private int[] _headingLengths = [];
    private int[] _bodyLengths = [];
    private byte[] _languages = [];
    private ulong[] _deadBits = [];
    private int _docCount;
    private int _deadCount;
    private int _liveCount;
    private long _titleTotal;
    private long _headingsTotal;
    private long _bodyTotal;

    private int _compactions;

    // Chunk languages: ids index _languageNames (0 is "und"); _languageCounts counts live chunks per id.
    private readonly List<string> _languageNames = [LanguageIdentifier.Undetermined];
    private readonly int[] _languageCounts = new int[MaxLanguages];
    private volatile string[] _candidateLanguages = [];

    /// <summary>Creates an empty index that analyses text with <paramref name="analyzer"/>.</summary>
    public Bm25Index(ITextAnalyzer analyzer, Bm25Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        this._analyzer = analyzer;
        this._options = options?.Clone() ?? new Bm25Options();
        this._options.Validate();
    }

    /// <inheritdoc />
    public int Count => Volatile.Read(ref _liveCount);

    /// <summary>Ordinals currently tombstoned (for tests).</summary>
    internal int DeadCount => _deadCount;

    /// <summary>How many times the index has compacted (for tests).</summary>
    internal int Compactions => _compactions;

    /// <summary>
    /// The languages of the live chunks, most chunks first ("und" for chunks whose language could not be told): the
    /// candidates a query's language is identified among.
    /// </summary>
    public IReadOnlyList<string> Languages => _candidateLanguages;

    /// <summary>How many live chunks each language has.</summary>
    public IReadOnlyDictionary<string, int> LanguageCounts
    {
        get
        {
            _gate.EnterReadLock();
            try
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int id = 0; id < _languageNames.Count; id++)
                {
                    if (_languageCounts[id] > 0)
                    {
                        counts[_languageNames[id]] = _languageCounts[id];
                    }
                }

                return counts;
            }
            finally
            {
                _gate.ExitReadLock();
            }
        }
    }

    /// <inheritdoc />
    public void Upsert(LexicalDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        // The chunk's stored language, or (for chunks stored before languages were) the one its text is in; the title
        // and headings are analysed in the same language.
        string language = document.Language ?? LanguageIdentifier.Identify(document.Body);
        var analysis = new TextAnalysisOptions { Language = language };
        var frequencies = new Dictionary<string, uint>(StringComparer.Ordinal);
        int titleLength = CountField(frequencies, document.Title, analysis, Bm25Posting.TitleShift, Bm25Posting.SmallMask);
        int headingLength = CountField(frequencies, document.Headings, analysis, Bm25Posting.HeadingsShift, Bm25Posting.SmallMask);
        int bodyLength = CountField(frequencies, document.Body, analysis, Bm25Posting.BodyShift, Bm25Posting.BodyMask);

        _gate.EnterWriteLock();
        try
        {
            if (_ordinals.TryGetValue(document.Key, out int old))
            {
                Kill(old);
            }

            AddDocument(document.Key, frequencies, titleLength, headingLength, bodyLength, LanguageId(language));
            CompactIfSparse();
            RefreshCandidateLanguages();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public bool Remove(long key)
    {
        _gate.EnterWriteLock();
        try
        {
            if (!_ordinals.TryGetValue(key, out int ordinal))
            {
                return false;
            }

            Kill(ordinal);
            CompactIfSparse();
            RefreshCandidateLanguages();
            return true;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _gate.Dispose();

    private int CountField(Dictionary<string, uint> frequencies, string? text, TextAnalysisOptions analysis, int shift, uint mask)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        IReadOnlyList<Token> tokens = _analyzer.Analyze(text, analysis);
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

    private bool IsDead(int ordinal) => (_deadBits[ordinal >> 6] & (1UL << ordinal)) != 0;

    // Caller holds the write lock.
    private void Kill(int ordinal)
    {
        _deadBits[ordinal >> 6] |= 1UL << ordinal;
        _deadCount++;
        _liveCount--;
        _titleTotal -= _titleLengths[ordinal];
        _headingsTotal -= _headingLengths[ordinal];
        _bodyTotal -= _bodyLengths[ordinal];
        _ordinals.Remove(_keys[ordinal]);
        _languageCounts[_languages[ordinal]]--;
        InvalidateNorms();
    }

    // Caller holds the write lock.
    private void AddDocument(long key, Dictionary<string, uint> frequencies, int titleLength, int headingLength, int bodyLength, byte language)
    {
        if (_docCount == _keys.Length)
        {
            int capacity = Math.Max(InitialCapacity, _keys.Length * 2);
            Array.Resize(ref _keys, capacity);
            Array.Resize(ref _titleLengths, capacity);
            Array.Resize(ref _headingLengths, capacity);
            Array.Resize(ref _bodyLengths, capacity);
            Array.Resize(ref _languages, capacity);
            Array.Resize(ref _deadBits, (capacity + 63) >> 6);
        }

        int ordinal = _docCount++;
        _keys[ordinal] = key;
        _titleLengths[ordinal] = titleLength;
        _headingLengths[ordinal] = headingLength;
        _bodyLengths[ordinal] = bodyLength;
        _languages[ordinal] = language;
        _languageCounts[language]++;
        _titleTotal += titleLength;
        _headingsTotal += headingLength;
        _bodyTotal += bodyLength;
        _ordinals[key] = ordinal;
        _liveCount++;

        foreach ((string term, uint tf) in frequencies)
        {
            int id = GetOrAddTerm(term);
            ref Bm25Posting[] list = ref _postings[id];
            int count = _postingCounts[id];
            if (count == list.Length)
            {
                Array.Resize(ref list, Math.Max(4, count * 2));
            }

            list[count] = new Bm25Posting(ordinal, tf);
            _postingCounts[id] = count + 1;
        }

        PostingCount += frequencies.Count;

        InvalidateNorms();
    }

    // Caller holds the write lock.
    private byte LanguageId(string language)
    {
        int id = _languageNames.IndexOf(language);
        if (id < 0)
        {
            if (_languageNames.Count == MaxLanguages)
            {
                return 0;
            }

            id = _languageNames.Count;
            _languageNames.Add(language);
        }

        return (byte)id;
    }

    /// <summary>Recomputes <see cref="Languages"/> from the live counts. Caller holds the write lock.</summary>
    private void RefreshCandidateLanguages() =>
        _candidateLanguages = Enumerable.Range(0, _languageNames.Count)
            .Where(id => _languageCounts[id] > 0)
            .OrderByDescending(id => _languageCounts[id])
            .ThenBy(id => _languageNames[id], StringComparer.Ordinal)
            .Select(id => _languageNames[id])
            .ToArray();

    private int GetOrAddTerm(string term)
    {
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_termIds, term, out bool exists);
        if (exists)
        {
            return id;
        }

        if (_termCount == _termTexts.Length)
        {
            int capacity = Math.Max(InitialCapacity, _termTexts.Length * 2);
            Array.Resize(ref _termTexts, capacity);
            Array.Resize(ref _postings, capacity);
            Array.Resize(ref _postingCounts, capacity);
        }

        id = _termCount++;
        _termTexts[id] = term;
        _postings[id] = [];
        _postingCounts[id] = 0;
        return id;
    }

    private void CompactIfSparse()
    {
        if (_deadCount > 0 && _deadCount * 4L > _docCount)
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
        if (_deadCount == 0)
        {
            return;
        }

        var remap = new int[_docCount];
        int live = 0;
        for (int d = 0; d < _docCount; d++)
        {
            if (IsDead(d))
            {
                remap[d] = -1;
                continue;
            }

            remap[d] = live;
            _keys[live] = _keys[d];
            _titleLengths[live] = _titleLengths[d];
            _headingLengths[live] = _headingLengths[d];
            _bodyLengths[live] = _bodyLengths[d];
            _languages[live] = _languages[d];
            _ordinals[_keys[live]] = live;
            live++;
        }

        _termIds.Clear();
        int kept = 0;
        long postings = 0;
        for (int t = 0; t < _termCount; t++)
        {
            Bm25Posting[] list = _postings[t];
            int count = _postingCounts[t];
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

            _postings[kept] = list;
            _postingCounts[kept] = written;
            postings += written;
            _termTexts[kept] = _termTexts[t];
            _termIds[_termTexts[t]] = kept;
            kept++;
        }

        Array.Clear(_postings, kept, _termCount - kept);
        Array.Clear(_termTexts, kept, _termCount - kept);
        _termCount = kept;
        PostingCount = postings;
        Array.Clear(_deadBits);
        _docCount = live;
        _deadCount = 0;
        _compactions++;
        InvalidateNorms();
    }
}
