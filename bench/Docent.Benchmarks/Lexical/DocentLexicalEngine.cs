using Docent.Retrieval;
using Docent.Text;

namespace Docent.Benchmarks.Lexical;

/// <summary>
/// Docent's data-folder index, <see cref="SegmentedLexicalIndex"/>, with the default <see cref="MultilingualAnalyzer"/> and
/// <see cref="Bm25Options"/>, built as a writer builds it (spilling segments as its buffer fills, merged on save by the
/// tiered policy), force-merged to one segment as the Lucene peer is, saved to lexical.idx and opened again
/// (memory-mapped). Not thread-safe.
/// </summary>
internal sealed class DocentLexicalEngine(string? language) : ILexicalBenchEngine
{
    private const string FileName = "lexical.idx";
    private static readonly LexicalSearchOptions SearchOptions = new() { Top = LexicalIndexBenchmark.Top };
    private SegmentedLexicalIndex? _index;

    public string Name => "docent";

    public string Settings => $"SegmentedLexicalIndex{(_index is null ? "" : $" ({_index.SegmentCount} segments)")}, {new MultilingualAnalyzer().Name} analysis ({(language is null ? "languages identified" : $"language '{language}'")}), BM25F k1 {new Bm25Options().K1}, b {new Bm25Options().B}, body field only, loaded from {FileName}";

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

    public int Search(string query) => Index.Search(query, SearchOptions).Count;

    public long[] TopKeys(string query) => [.. Index.Search(query, SearchOptions).Select(r => r.Key)];

    public void Dispose() => _index?.Dispose();

    private SegmentedLexicalIndex Index => _index ?? throw new InvalidOperationException("Open the index first.");
}
