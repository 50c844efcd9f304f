using Docent.Answering;
using Docent.Chunking;
using Docent.Documents;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Text;

namespace Docent.Hosting;

/// <summary>
/// The composition root of one data folder: opens the store, brings the lexical index up to date, and
/// wires the default (embedded, model-free) stages — readers, chunker, lexical retriever, extractive
/// answerer. It only connects parts; each stage does its own work. Thread-safe for concurrent retrieval;
/// ingest runs one at a time.
/// </summary>
public sealed class DataFolder
{
    private DataFolder(DocentOptions options, SqliteDocumentStore store, LexicalIndexSynchronizer synchronizer, ILexicalIndex index, ITextAnalyzer analyzer)
    {
        Options = options;
        Store = store;
        Synchronizer = synchronizer;
        Index = index;
        Analyzer = analyzer;
        SentenceSplitter = new SentenceSplitter();
        var lexical = new LexicalRetriever(index, store);
        Retriever = options.Feedback is null ? lexical : new FeedbackRetriever(lexical, analyzer, options.Feedback);
        Answerer = new ExtractiveAnswerGenerator(analyzer, SentenceSplitter);
    }

    /// <summary>The options the folder was opened with.</summary>
    public DocentOptions Options { get; }

    /// <summary>The system of record.</summary>
    public SqliteDocumentStore Store { get; }

    /// <summary>Keeps <see cref="Index"/> in step with <see cref="Store"/>.</summary>
    public LexicalIndexSynchronizer Synchronizer { get; }

    /// <summary>The lexical index.</summary>
    public ILexicalIndex Index { get; }

    /// <summary>The analysis chain shared by indexing, querying and answering.</summary>
    public ITextAnalyzer Analyzer { get; }

    /// <summary>The sentence splitter shared by chunking and answering.</summary>
    public ISentenceSplitter SentenceSplitter { get; }

    /// <summary>The default retriever.</summary>
    public IRetriever Retriever { get; }

    /// <summary>The default answer generator.</summary>
    public IAnswerGenerator Answerer { get; }

    /// <summary>Opens (creating when needed) the data folder named by <paramref name="options"/>.</summary>
    public static async Task<DataFolder> OpenAsync(DocentOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var store = await SqliteDocumentStore.OpenAsync(options.DataDirectory, cancellationToken).ConfigureAwait(false);
        var analyzer = new EnglishAnalyzer();
        var lexical = options.Lexical;
        var synchronizer = new LexicalIndexSynchronizer(
            store,
            () => new Bm25Index(analyzer, lexical),
            path => Bm25Index.Load(path, analyzer, lexical));
        var index = await synchronizer.OpenAsync(cancellationToken).ConfigureAwait(false);
        return new DataFolder(options, store, synchronizer, index, analyzer);
    }

    /// <summary>A pipeline that ingests into this folder.</summary>
    public IngestionPipeline CreateIngestionPipeline() =>
        new(Store, Synchronizer, Index, DocumentReaderSelector.CreateDefault(), new StructuredChunker(SentenceSplitter));

    /// <summary>Removes a document (by id or source path) and updates the index; false when it was not stored.</summary>
    public async Task<DocumentRecord?> RemoveDocumentAsync(string idOrPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrPath);
        using var writeLock = DataFolderLock.Acquire(Store.DataDirectory);
        var document = await Store.GetDocumentAsync(idOrPath, cancellationToken).ConfigureAwait(false)
            ?? await Store.FindBySourceAsync(Path.GetFullPath(idOrPath), cancellationToken).ConfigureAwait(false);
        if (document is null || !await Store.RemoveDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await Synchronizer.CatchUpAsync(Index, cancellationToken).ConfigureAwait(false);
        await Synchronizer.SaveAsync(Index, cancellationToken).ConfigureAwait(false);
        return document;
    }
}
