using Docent.Retrieval;
using Docent.Text;

namespace Docent.Benchmarks.Lexical;

/// <summary>
/// Docent's <see cref="Bm25Index"/> with the default <see cref="MultilingualAnalyzer"/> and <see cref="Bm25Options"/>,
/// saved to lexical.idx and loaded back. Not thread-safe.
/// </summary>
internal sealed class DocentLexicalEngine(string? language) : ILexicalBenchEngine
{
    private const string FileName = "lexical.idx";
    private static readonly LexicalSearchOptions SearchOptions = new() { Top = LexicalIndexBenchmark.Top };
    private Bm25Index? _index;

    public string Name => "docent";

    public string Settings => $"Bm25Index, {new MultilingualAnalyzer().Name} analysis ({(language is null ? "languages identified" : $"language '{language}'")}), BM25F k1 {new Bm25Options().K1}, b {new Bm25Options().B}, body field only, loaded from {FileName}";

    public void Build(IReadOnlyList<string> documents, string folder, CancellationToken cancellationToken)
    {
        using var index = new Bm25Index(new MultilingualAnalyzer());
        for (int i = 0; i < documents.Count; i++)
        {
            if (i % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            index.Upsert(new LexicalDocument(i, "", "", documents[i]) { Language = language });
        }

        index.SaveAsync(Path.Combine(folder, FileName), 0, cancellationToken).GetAwaiter().GetResult();
    }

    public void Open(string folder) =>
        _index = Bm25Index.Load(Path.Combine(folder, FileName), new MultilingualAnalyzer())
            ?? throw new InvalidOperationException($"The lexical index just written to {folder} could not be read back.");

    public int Search(string query) => Index.Search(query, SearchOptions).Count;

    public long[] TopKeys(string query) => [.. Index.Search(query, SearchOptions).Select(r => r.Key)];

    public void Dispose() => _index?.Dispose();

    private Bm25Index Index => _index ?? throw new InvalidOperationException("Open the index first.");
}
