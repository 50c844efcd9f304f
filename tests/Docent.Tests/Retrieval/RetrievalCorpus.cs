using Docent.Chunking;
using Docent.Indexing;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Tests.TestSupport;
using Docent.Text;
using Docent.Vectors;

namespace Docent.Tests.Retrieval;

/// <summary>
/// A small real corpus for retriever tests: a SQLite store in a temp folder holding four short documents, a BM25
/// index brought up to date by the real synchroniser, and a flat vector index filled by a deterministic
/// bag-of-words embedder (each word adds 1 to a hashed dimension). Not thread-safe to build; read-only after.
/// </summary>
internal sealed class RetrievalCorpus : IDisposable
{
    public const int Dimensions = 64;

    /// <summary>The documents: id, then its chunks' texts.</summary>
    public static readonly IReadOnlyList<(string Id, string Title, string[] Texts)> Documents =
    [
        ("leave", "Leave policy", ["Full-time employees receive 27 days of paid annual leave each year.", "Unused annual leave may be carried over until the end of March."]),
        ("travel", "Travel", ["Book flights through the travel desk at least fourteen days before departure.", "Economy class is standard for flights under six hours."]),
        ("security", "Security", ["Lock your screen whenever you step away from your desk.", "Report lost badges to the security office at once."]),
        ("kitchen", "Kitchen", ["The kitchen is cleaned every Friday afternoon."]),
    ];

    private RetrievalCorpus(SqliteDocumentStore store, LexicalIndexSynchronizer synchronizer, LiveLexicalIndex lexical, FlatVectorIndex vectors)
    {
        Store = store;
        Synchronizer = synchronizer;
        Lexical = lexical;
        Vectors = vectors;
    }

    public EnglishAnalyzer Analyzer { get; } = new();

    public FakeEmbeddingGenerator Embedder { get; } = new(Embed);

    public SqliteDocumentStore Store { get; }

    public LexicalIndexSynchronizer Synchronizer { get; }

    /// <summary>The lexical index as a data folder serves it (the synchroniser may swap what it wraps).</summary>
    public LiveLexicalIndex Lexical { get; }

    public FlatVectorIndex Vectors { get; }

    public static async Task<RetrievalCorpus> CreateAsync(string directory)
    {
        var store = await SqliteDocumentStore.OpenAsync(directory);
        foreach (var (id, title, texts) in Documents)
        {
            await using var writer = await store.BeginDocumentAsync(id);
            for (var i = 0; i < texts.Length; i++)
            {
                await writer.AddChunkAsync(new Chunk(Chunk.MakeId(id, i), id, i, texts[i], [title], null, new TextSpan(i * 100, texts[i].Length), texts[i].Length / 4));
            }

            await writer.CommitAsync(new DocumentRecord(id, $"/docs/{id}.md", title, "markdown", new string('0', 64), 100, 0, DateTimeOffset.UnixEpoch, []));
        }

        var analyzer = new EnglishAnalyzer();
        var synchronizer = new LexicalIndexSynchronizer(
            store, () => new Bm25Index(analyzer), path => Bm25Index.Load(path, analyzer, null, out var watermark) is { } index ? (index, watermark) : null);
        var lexical = await synchronizer.OpenAsync();
        var vectors = new FlatVectorIndex(Dimensions, VectorMetric.Cosine, "bag-of-words");
        foreach (var (id, _, _) in Documents)
        {
            foreach (var stored in await store.GetDocumentChunksAsync(id))
            {
                vectors.Upsert(stored.Key, Embed(stored.Chunk.Text));
            }
        }

        return new RetrievalCorpus(store, synchronizer, lexical, vectors);
    }

    /// <summary>Each lower-cased word adds 1 to a dimension chosen by a stable (FNV-1a) hash: texts sharing words are close.</summary>
    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in text.ToLowerInvariant().Split([' ', '.', ',', '?', '!', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = 2166136261u;
            foreach (var c in word)
            {
                hash = (hash ^ c) * 16777619u;
            }

            vector[hash % Dimensions] += 1;
        }

        return vector;
    }

    public void Dispose()
    {
        Vectors.Dispose();
        (Lexical.Current as IDisposable)?.Dispose();
    }
}
