using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Docent.Chunking;
using Docent.Hosting;
using Docent.Retrieval;
using Docent.Storage;
using Microsoft.Data.Sqlite;

namespace Docent.Benchmarks.Lexical;

/// <summary>
/// A real data folder holding the synthetic <see cref="ZipfCorpus"/> as chunks, for timing `docent search` on it: document i
/// of the corpus is chunk i, <see cref="ChunksPerDocument"/> chunks to a stored document, written through the store's own
/// <see cref="SqliteDocumentStore.BeginDocumentAsync"/> (one transaction per stored document) while the next document's
/// text is generated on the other core; then the folder is opened once through <see cref="DataFolder.OpenAsync"/> in
/// lexical mode and its indexes saved under the write lock, as a writer leaves them, so a reader only loads
/// <c>lexical.idx</c>. A cached folder is opened the same way before it is reused, so its index file is in this build's
/// format. Folders are cached under a root by size and seed and built under a temporary name that is renamed
/// into place at the end, so an interrupted build is never reused. Stateless; not safe to build the same folder from two
/// processes at once.
/// </summary>
public static class ZipfDataFolder
{
    /// <summary>Chunks in each stored document (the last one holds the rest).</summary>
    public const int ChunksPerDocument = 1000;

    /// <summary>The language the chunks are stored with, as <see cref="DocentLexicalEngine"/> indexes them.</summary>
    public const string Language = "en";

    /// <summary>The cached folder's path for <paramref name="documents"/> chunks of the corpus of <paramref name="seed"/> under <paramref name="root"/>.</summary>
    public static string PathFor(string root, int documents, int seed, int vocabulary = ZipfCorpus.DefaultVocabulary)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        string name = string.Create(CultureInfo.InvariantCulture, $"zipf-{documents}-seed{seed}");
        if (vocabulary != ZipfCorpus.DefaultVocabulary)
        {
            name += string.Create(CultureInfo.InvariantCulture, $"-vocab{vocabulary}");
        }

        return Path.Combine(Path.GetFullPath(root), name);
    }

    /// <summary>
    /// The cached folder of <paramref name="documents"/> chunks, built (store, then lexical index) when it is not there yet.
    /// <paramref name="progress"/> hears one line per step.
    /// </summary>
    public static async Task<ZipfDataFolderInfo> EnsureAsync(
        string root, int documents, int seed, int vocabulary = ZipfCorpus.DefaultVocabulary, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(documents, 1);
        string path = PathFor(root, documents, seed, vocabulary);
        if (Directory.Exists(path))
        {
            // A folder saved by an older build may hold an index file this build cannot read, which readers would rebuild
            // in memory on every search without saving it: open it as a writer does, which loads or rebuilds and saves.
            var refreshing = Stopwatch.StartNew();
            await BuildIndexAsync(path, cancellationToken).ConfigureAwait(false);
            SqliteConnection.ClearAllPools();
            progress?.Report($"reusing {path}; lexical index loaded (or rebuilt) and saved in {refreshing.Elapsed.TotalSeconds:F1} s");
            return new ZipfDataFolderInfo(path, documents, Created: false, null, refreshing.Elapsed.TotalSeconds, DirectoryBytes(path), IndexBytes(path));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string building = $"{path}.building-{Guid.NewGuid():N}";
        try
        {
            var clock = Stopwatch.StartNew();
            await WriteStoreAsync(building, documents, new ZipfCorpus(seed, vocabulary), progress, cancellationToken).ConfigureAwait(false);
            double storeSeconds = clock.Elapsed.TotalSeconds;
            progress?.Report($"{documents:N0} chunks stored in {storeSeconds:F1} s");

            clock.Restart();
            await BuildIndexAsync(building, cancellationToken).ConfigureAwait(false);
            double indexSeconds = clock.Elapsed.TotalSeconds;
            progress?.Report($"lexical index built and saved in {indexSeconds:F1} s");

            // Pooled connections keep the database open; close them before the folder moves.
            SqliteConnection.ClearAllPools();
            Directory.Move(building, path);
            return new ZipfDataFolderInfo(path, documents, Created: true, storeSeconds, indexSeconds, DirectoryBytes(path), IndexBytes(path));
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            TryDelete(building);
            throw;
        }
    }

    /// <summary>Options that open <paramref name="dataDirectory"/> as `docent search --no-embeddings` does: lexical retrieval, never created.</summary>
    public static DocentOptions LexicalOptions(string dataDirectory) => new()
    {
        DataDirectory = dataDirectory,
        CreateIfMissing = false,
        Settings = new DocentSettings { Retrieval = new RetrievalSettings { Mode = RetrievalMode.Lexical } },
    };

    private static async Task WriteStoreAsync(string directory, int documents, ZipfCorpus corpus, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var store = await SqliteDocumentStore.OpenAsync(directory, cancellationToken).ConfigureAwait(false);
        int parts = (documents + ChunksPerDocument - 1) / ChunksPerDocument;
        var next = Task.Run(() => Generate(corpus, 0, documents, cancellationToken), cancellationToken);
        var reported = Stopwatch.StartNew();
        for (int part = 0; part < parts; part++)
        {
            string[] texts = await next.ConfigureAwait(false);
            if (part + 1 < parts)
            {
                int first = (part + 1) * ChunksPerDocument;
                next = Task.Run(() => Generate(corpus, first, documents, cancellationToken), cancellationToken);
            }

            await WritePartAsync(store, part, texts, cancellationToken).ConfigureAwait(false);
            if (reported.Elapsed.TotalSeconds >= 10)
            {
                progress?.Report($"{Math.Min(documents, (part + 1) * ChunksPerDocument):N0} of {documents:N0} chunks stored");
                reported.Restart();
            }
        }
    }

    private static string[] Generate(ZipfCorpus corpus, int first, int documents, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var texts = new string[Math.Min(ChunksPerDocument, documents - first)];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = corpus.Document(first + i);
        }

        return texts;
    }

    private static async Task WritePartAsync(SqliteDocumentStore store, int part, string[] texts, CancellationToken cancellationToken)
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"part-{part:D5}.txt");
        string id = string.Create(CultureInfo.InvariantCulture, $"zipf-{part:D5}");
        await using var writer = await store.BeginDocumentAsync(id, cancellationToken).ConfigureAwait(false);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long offset = 0;
        for (int ordinal = 0; ordinal < texts.Length; ordinal++)
        {
            string text = texts[ordinal];
            int words = 1 + text.Count(c => c == ' ');
            var chunk = new Chunk(Chunk.MakeId(id, ordinal), id, ordinal, text, [], null, new TextSpan(offset, text.Length), words) { Language = Language };
            await writer.AddChunkAsync(chunk, cancellationToken).ConfigureAwait(false);
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData("\n\n"u8);
            offset += text.Length + 2;
        }

        // The "file" the chunks would have come from: the texts separated by blank lines.
        var record = new DocumentRecord(
            id, $"synthetic://zipf/{name}", "", "text", Convert.ToHexStringLower(hash.GetHashAndReset()), offset, texts.Length, DateTimeOffset.UtcNow, [], name);
        await writer.CommitAsync(record, cancellationToken).ConfigureAwait(false);
    }

    // As a writer leaves a folder: the index built from the chunks, saved with its watermark and the change log trimmed.
    private static async Task BuildIndexAsync(string directory, CancellationToken cancellationToken)
    {
        var options = LexicalOptions(directory);
        var folder = await DataFolder.OpenAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var writeLock = await folder.AcquireWriteLockAsync(cancellationToken).ConfigureAwait(false);
        await folder.SaveIndexesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static long IndexBytes(string directory)
    {
        var file = new FileInfo(Path.Combine(directory, Docent.Indexing.LexicalIndexSynchronizer.IndexFileName));
        return file.Exists ? file.Length : 0;
    }

    private static long DirectoryBytes(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A half-built folder left behind under a temporary name is never reused.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
