using Docent.Retrieval;
using Docent.Text;

namespace Docent.Benchmarks.Lexical;

/// <summary>
/// Docent's data-folder index, <see cref="SegmentedLexicalIndex"/>, with the default <see cref="MultilingualAnalyzer"/> and
/// <see cref="Bm25Options"/>, built as a writer builds it (spilling segments as its buffer fills, merged on save by the
/// tiered policy), force-merged to one segment as the Lucene peer is, saved to lexical.idx and opened again
/// (memory-mapped). With <paramref name="hiddenPercent"/> above 0, every search leaves out that share of the documents (key
/// modulo 100), as a search for a caller who may not read them does. Not thread-safe.
/// </summary>
internal sealed class DocentLexicalEngine(string? language, int hiddenPercent = 0) : ILexicalBenchEngine
{
    private const string FileName = "lexical.idx";
    private readonly LexicalSearchOptions _searchOptions = new()
    {
        Top = LexicalIndexBenchmark.Top,
        Filter = hiddenPercent == 0 ? null : key => key % 100 >= hiddenPercent,
    };

    private SegmentedLexicalIndex? _index;

    public string Name => "docent";

    public string Settings => $"SegmentedLexicalIndex{(_index is null ? "" : $" ({_index.SegmentCount} segments)")}, {new MultilingualAnalyzer().Name} analysis ({(language is null ? "languages identified" : $"language '{language}'")}), BM25F k1 {new Bm25Options().K1}, b {new Bm25Options().B}, body field only, loaded from {FileName}{(hiddenPercent == 0 ? "" : $", {hiddenPercent}% of documents hidden by an access filter")}";

    public void Build(IReadOnlyList<string> documents, string folder, CancellationToken cancellationToken)
    {
        using var index = new SegmentedLexicalIndex(new MultilingualAnalyzer(), Path.Combine(folder, SegmentedLexicalIndex.SegmentFolderName));
        for (int i = 0; i < documents.Count; i++)
        {
            if (i % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            index.Upsert(new LexicalDocument(i, "", "", documents[i]) { Language = language });
            if (i % 1024 == 0)
            {
                index.SpillIfLarge();
            }
        }

        // One segment, as the Lucene peer is force-merged to one.
        index.ForceMerge(cancellationToken);
        index.SaveAsync(Path.Combine(folder, FileName), 0, cancellationToken).GetAwaiter().GetResult();
    }

    public void Open(string folder) =>
        _index = SegmentedLexicalIndex.Load(Path.Combine(folder, FileName), new MultilingualAnalyzer(), null, out _)
            ?? throw new InvalidOperationException($"The lexical index just written to {folder} could not be read back.");

    public int Search(string query) => Index.Search(query, _searchOptions).Count;

    public long[] TopKeys(string query) => [.. Index.Search(query, _searchOptions).Select(r => r.Key)];

    public void Dispose() => _index?.Dispose();

    private SegmentedLexicalIndex Index => _index ?? throw new InvalidOperationException("Open the index first.");
}
