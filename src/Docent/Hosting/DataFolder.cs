using Docent.Access;
using Docent.Answering;
using Docent.Answering.Extractive;
using Docent.Answering.Generative;
using Docent.Asking;
using Docent.Chunking;
using Docent.Conversation;
using Docent.Documents;
using Docent.Grounding;
using Docent.Indexing;
using Docent.Ingestion;
using Docent.Models;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Text;
using Docent.Vectors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Docent.Hosting;

/// <summary>
/// The composition root of one data folder: opens the store, brings its indexes up to date, and wires the
/// stages the settings ask for — the embedded default (lexical retrieval, extractive answers) or, when models
/// are configured, vector and hybrid retrieval, reranking and LLM answers with grounding checks. It only
/// connects parts; each stage does its own work, logging through the host's <see cref="ModelServices.LoggerFactory"/>.
/// Thread-safe for concurrent retrieval; ingest runs one at a time.
/// </summary>
public sealed class DataFolder
{
    private readonly IRemoteCollection? _remote;
    private readonly ChunkAccessFilters _accessFilters;
    private readonly string _openingId = Guid.NewGuid().ToString("N");
    private PromptTemplates? _prompts;
    private string? _answerFingerprint;

    /// <summary>Redacts personal data in what leaves the folder (<c>pii.redact = answers</c>); null otherwise.</summary>
    private readonly Func<string, string>? _outputRedactor;

    private DataFolder(DocentOptions options, SqliteDocumentStore store, StoreIndexes indexes, ITextAnalyzer analyzer,
                       IEmbeddingGenerator<string, Embedding<float>>? queryEmbedder, string? embeddingModelId, IChatClient? chatClient, IReranker? reranker, ILoggerFactory loggers,
                       IRemoteCollection? remote)
    {
        _remote = remote;
        Options = options;
        LoggerFactory = loggers;
        Store = store;
        _accessFilters = new ChunkAccessFilters(store);
        Indexes = indexes;
        Analyzer = analyzer;
        SentenceSplitter = new SentenceSplitter();
        QueryEmbedder = queryEmbedder;
        EmbeddingModelId = queryEmbedder is null ? null : embeddingModelId;
        ChatClient = chatClient;
        Mode = options.Settings.Retrieval.Mode ?? (queryEmbedder is null ? RetrievalMode.Lexical : RetrievalMode.Hybrid);
        var pii = options.Settings.Pii;
        if (pii.Redact == Safety.PiiRedactionMode.Answers)
        {
            var scanner = new Safety.PiiScanner(pii.SelectedKinds);
            _outputRedactor = text => scanner.Redact(text);
        }

        Retriever = ComposeRetriever(Mode, reranker);
        Conversations = new ConversationStore(store);
        Answerer = CreateAnswerer();
    }

    /// <summary>Where the folder's stages log (the host's factory; <see cref="NullLoggerFactory"/> when it lent none).</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The options the folder was opened with.</summary>
    public DocentOptions Options { get; }

    /// <summary>The data folder's full path.</summary>
    public string DataDirectory => Store.DataDirectory;

    /// <summary>
    /// The stored documents and the folder's counts, to read (the remote collection's when the folder retrieves from one);
    /// writing goes through ingestion and <see cref="RemoveDocumentAsync"/>.
    /// </summary>
    public IDocumentCatalog Documents => _remote?.Documents ?? Store;

    /// <summary>The collection this folder retrieves from instead of its own indexes (a cluster's shards), or null.</summary>
    public IRemoteCollection? RemoteCollection => _remote;

    /// <summary>The stored conversations (turns of <c>ask --conversation</c> and chat).</summary>
    public ConversationStore Conversations { get; }

    /// <summary>The system of record; internal so hosts read through <see cref="Documents"/> and write through the folder.</summary>
    internal SqliteDocumentStore Store { get; }

    /// <summary>The lexical and (with an embedding model) vector indexes, kept in step with <see cref="Store"/>.</summary>
    internal StoreIndexes Indexes { get; }

    /// <summary>Keeps <see cref="Index"/> in step with <see cref="Store"/>.</summary>
    internal LexicalIndexSynchronizer Synchronizer => Indexes.LexicalSynchronizer;

    /// <summary>The lexical index (its search side).</summary>
    internal ILexicalSearcher Index => Indexes.Lexical;

    /// <summary>The analysis chain shared by indexing, querying and answering.</summary>
    public ITextAnalyzer Analyzer { get; }

    /// <summary>The sentence splitter shared by chunking and answering.</summary>
    public ISentenceSplitter SentenceSplitter { get; }

    /// <summary>Embeds queries (uncached) with the model the vector index was built with; null without one.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? QueryEmbedder { get; }

    /// <summary>The id the vectors are stored under (for the built-in model "all-MiniLM-L6-v2"); null without an embedding model.</summary>
    public string? EmbeddingModelId { get; }

    /// <summary>The chat model, or null when answers are extractive.</summary>
    public IChatClient? ChatClient { get; }

    /// <summary>
    /// The retrieval mode in effect: the configured one, else hybrid when an embedding model runs here (the built-in one by
    /// default), else lexical — the engine alone, without the ONNX runtime, or <c>embedding.path = "none"</c>.
    /// </summary>
    public RetrievalMode Mode { get; }

    /// <summary>
    /// <paramref name="text"/> as it may leave the folder: with personal data redacted when <c>pii.redact</c> is <c>answers</c>
    /// (hosts pass stored text they show other than through <see cref="Retriever"/> and answers, such as conversation turns), else unchanged.
    /// </summary>
    public string RedactOutput(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _outputRedactor?.Invoke(text) ?? text;
    }

    /// <summary>The retriever of <see cref="Mode"/>.</summary>
    public IRetriever Retriever { get; }

    /// <summary>The configured answer generator: extractive, or with a chat model the LLM with grounding checks, gated by the extractive confidence.</summary>
    public IAnswerGenerator Answerer { get; }

    /// <summary>
    /// Opens the data folder named by <paramref name="options"/>, creating it when needed unless
    /// <see cref="DocentOptions.CreateIfMissing"/> is off.
    /// </summary>
    /// <exception cref="DataFolderNotFoundException">CreateIfMissing is off and the folder holds no store.</exception>
    public static async Task<DataFolder> OpenAsync(DocentOptions options, ModelServices? services = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!options.CreateIfMissing && !File.Exists(Path.Combine(Path.GetFullPath(options.DataDirectory), StoreSchema.DatabaseFileName)))
        {
            throw new DataFolderNotFoundException(options.DataDirectory);
        }

        services ??= new ModelServices();
        var loggers = services.LoggerFactory ?? NullLoggerFactory.Instance;
        var store = await SqliteDocumentStore.OpenAsync(options.DataDirectory, cancellationToken).ConfigureAwait(false);
        var analyzer = new MultilingualAnalyzer();
        var lexical = options.Lexical;
        var lexicalSynchronizer = new LexicalIndexSynchronizer(
            store,
            () => new SegmentedLexicalIndex(analyzer, LexicalSegmentFolder(store), lexical),
            path => SegmentedLexicalIndex.Load(path, analyzer, lexical, out var watermark, LexicalSegmentFolder(store)) is { } index ? (index, watermark) : null,
            loggers.CreateLogger<LexicalIndexSynchronizer>());
        var lexicalIndex = await lexicalSynchronizer.OpenAsync(cancellationToken).ConfigureAwait(false);

        var settings = options.Settings;
        IEmbeddingGenerator<string, Embedding<float>>? queryEmbedder = null;
        string? embeddingModelId = null;
        VectorIndexSynchronizer? vectorSynchronizer = null;
        LiveVectorIndex? vectors = null;
        if (settings.Retrieval.Mode != RetrievalMode.Lexical || options.MaintainVectors)
        {
            var (embedder, modelId) = CreateEmbeddingGenerator(settings.Embedding, services);
            if (embedder is not null)
            {
                queryEmbedder = embedder;
                embeddingModelId = modelId;
                var cached = new CachingEmbeddingGenerator(embedder, new SqliteEmbeddingCache(store), modelId);
                vectorSynchronizer = new VectorIndexSynchronizer(
                    store, cached, modelId, settings.Embedding.BatchSize,
                    dimension => VectorIndexFactory.Create(dimension, modelId, options.Vectors),
                    VectorIndexFactory.TryLoad,
                    loggers.CreateLogger<VectorIndexSynchronizer>());
                // Nothing is embedded on open: questions use the vectors there are (lexical results cover the rest) and
                // writers catch the index up after they commit (StoreIndexes.CatchUpAndSaveAsync).
                vectors = await vectorSynchronizer.LoadAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var chat = services.ChatClient
                   ?? (settings.Chat.IsConfigured ? ModelClientFactory.CreateChatClient(settings.Chat, services.LoggerFactory, services.Transport, services.LocalModels) : null);
        var indexes = new StoreIndexes(lexicalSynchronizer, lexicalIndex, vectorSynchronizer, vectors, loggers.CreateLogger<StoreIndexes>());
        var reranker = settings.Reranker.IsConfigured
            ? services.LocalModels?.CreateReranker(settings.Reranker)
              ?? throw new ArgumentException("reranker.path names a cross-encoder to run in process, and this program was built without a runtime for it (Docent.Models.Onnx).")
            : null;
        return new DataFolder(options, store, indexes, analyzer, queryEmbedder, embeddingModelId, chat, reranker, loggers, services.RemoteCollection);
    }

    /// <summary>The folder beside the store where the lexical index keeps its segment files.</summary>
    private static string LexicalSegmentFolder(SqliteDocumentStore store) =>
        Path.Combine(store.DataDirectory, SegmentedLexicalIndex.SegmentFolderName);

    /// <summary>
    /// A retriever of <paramref name="mode"/> over this folder (vector and hybrid need the vector index), without the
    /// configured reranker. Each search first brings the indexes up to date with the store, so what another process
    /// ingested is found, and is recorded as a "retrieve" activity.
    /// </summary>
    public IRetriever CreateRetriever(RetrievalMode mode) => ComposeRetriever(mode, reranker: null);

    /// <summary>
    /// The decorators, outermost first: telemetry (the whole search), personal-data redaction of the results (with
    /// <c>pii.redact = answers</c>, so search output, answers and a model's prompt never hold them), index refresh (before anything reads an index),
    /// duplicate collapsing (one copy of a passage found in several files, over the final order), reranking (over the
    /// candidates of the mode's retriever).
    /// </summary>
    private IRetriever ComposeRetriever(RetrievalMode mode, IReranker? reranker)
    {
        var builder = CreateIndexRetriever(mode).AsBuilder().UseTelemetry();
        if (_outputRedactor is not null)
        {
            builder.UseRedaction(_outputRedactor);
        }

        builder
            .UseIndexRefresh(cancellationToken => Indexes.RefreshAsync(mode != RetrievalMode.Lexical, cancellationToken))
            .UseDuplicateCollapsing();
        if (reranker is not null)
        {
            builder.UseReranking(reranker, Options.Settings.Reranker.CandidateCount);
        }

        return builder.Build();
    }

    private IRetriever CreateIndexRetriever(RetrievalMode mode)
    {
        IWeightedTermRetriever lexical = _remote?.Lexical ?? new LexicalRetriever(Index, Store, _accessFilters);
        var lexicalSide = Options.Feedback is null ? lexical : lexical.AsBuilder().UseFeedback(Analyzer, Options.Feedback).Build();
        if (mode == RetrievalMode.Lexical)
        {
            return lexicalSide;
        }

        if ((_remote is null && Indexes.Vectors is null) || QueryEmbedder is null)
        {
            throw new ArgumentException($"Retrieval mode \"{mode.ToString().ToLowerInvariant()}\" needs an embedding model; none is configured (see `docent config show`).");
        }

        var queryEmbedder = QueryPrefixEmbeddingGenerator.ForQueries(QueryEmbedder);
        var vector = _remote?.CreateVectorRetriever(queryEmbedder) ?? new VectorRetriever(Indexes.Vectors!, queryEmbedder, Store, _accessFilters);
        if (mode == RetrievalMode.Vector)
        {
            return vector;
        }

        // A question in a language the embedding model does not understand is searched by its words alone.
        var hybrid = new HybridRetriever(lexicalSide, vector, Options.Settings.Retrieval.Fusion, Options.Settings.Retrieval.VectorWeight);
        var embedding = Options.Settings.Embedding;
        var remote = _remote;
        return new LanguageRoutingRetriever(hybrid, lexicalSide, query => embedding.Understands(LanguageIdentifier.Identify(query, remote?.Languages ?? Index.Languages)));
    }

    /// <summary>This folder searched as one shard of a larger collection (a cluster's shard grain serves it).</summary>
    public ShardSearcher CreateShardSearcher() => new(Indexes, Store);

    /// <summary>
    /// Takes the data folder's write lock for a writer that ingests file by file (the server's uploads), waiting up to
    /// <see cref="DataFolderLock.DefaultWait"/> for another writer; throws <see cref="DataFolderBusyException"/> after.
    /// <see cref="IngestionPipeline.IngestAsync"/> and <see cref="RemoveDocumentAsync"/> take it themselves.
    /// </summary>
    public Task<DataFolderLock> AcquireWriteLockAsync(CancellationToken cancellationToken = default) =>
        DataFolderLock.AcquireAsync(Store.DataDirectory, DataFolderLock.DefaultWait, logger: LoggerFactory.CreateLogger<DataFolderLock>(), cancellationToken: cancellationToken);

    /// <summary>Brings the indexes up to date with the store and saves them; a writer that ingested file by file calls it before releasing the lock.</summary>
    public Task SaveIndexesAsync(CancellationToken cancellationToken = default) =>
        Indexes.CatchUpAndSaveAsync(cancellationToken: cancellationToken);

    /// <summary>The folder's counts and index sizes, and the models it is configured with.</summary>
    public async Task<DataFolderStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var store = await Documents.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        var vectors = Indexes.Vectors is { } v
            ? new VectorIndexStatistics(v.ModelId, v.Dimension, v.Count, FileLength(Indexes.VectorSynchronizer!.IndexPath), Math.Max(0, Index.Count - v.Count))
            : null;
        var languages = Index.LanguageCounts
            .OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new LanguageCount(pair.Key, pair.Value))
            .ToArray();
        var lexicalOnly = Mode == RetrievalMode.Lexical || QueryEmbedder is null
            ? []
            : languages.Select(l => l.Language).Where(language => !Options.Settings.Embedding.Understands(language)).ToArray();
        return new DataFolderStatistics(
            Store.DataDirectory, store, FileLength(Synchronizer.IndexPath) + SegmentBytes(LexicalSegmentFolder(Store)), Index.Count, Analyzer.Name, vectors,
            Mode, ChatClient is null ? null : Options.Settings.Chat.Model, languages, lexicalOnly);

        static long FileLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

        static long SegmentBytes(string folder) =>
            Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*.dls").Sum(f => f.Length) : 0;
    }

    /// <summary>
    /// The documents <paramref name="access"/> may read, in source order (null: every document). What a listing shown to a
    /// caller limited to some documents must come from.
    /// </summary>
    public async Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(AccessScope? access, CancellationToken cancellationToken = default)
    {
        var documents = await Documents.ListDocumentsAsync(cancellationToken).ConfigureAwait(false);
        return access is null || access.IsUnrestricted ? documents : [.. documents.Where(d => access.CanRead(d.AccessList))];
    }

    /// <summary>The document with <paramref name="documentId"/> when <paramref name="access"/> may read it, else null (as if it were not stored).</summary>
    public async Task<DocumentRecord?> GetDocumentAsync(string documentId, AccessScope? access, CancellationToken cancellationToken = default)
    {
        var document = await Documents.GetDocumentAsync(documentId, cancellationToken).ConfigureAwait(false);
        return document is not null && (access is null || access.CanRead(document.AccessList)) ? document : null;
    }

    /// <summary>
    /// The passages of the document with <paramref name="documentId"/>, in order, when <paramref name="access"/> may read it,
    /// else null (as if it were not stored). Only for a folder that holds its own documents (not one that retrieves from a
    /// remote collection).
    /// </summary>
    /// <exception cref="NotSupportedException">The folder retrieves from a remote collection.</exception>
    public async Task<IReadOnlyList<Chunk>?> GetDocumentChunksAsync(string documentId, AccessScope? access, CancellationToken cancellationToken = default)
    {
        if (_remote is not null)
        {
            throw new NotSupportedException("A collection held on a cluster does not give out a document's passages.");
        }

        if (await GetDocumentAsync(documentId, access, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        return [.. (await Store.GetDocumentChunksAsync(documentId, cancellationToken).ConfigureAwait(false)).Select(c => c.Chunk)];
    }

    /// <summary>
    /// The documents and chunks <paramref name="access"/> may read, with the store's other figures: the counts shown to a
    /// caller limited to some documents (null: the whole store's).
    /// </summary>
    public async Task<StoreStatistics> GetStoreStatisticsAsync(AccessScope? access, CancellationToken cancellationToken = default)
    {
        var statistics = await Documents.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        if (access is null || access.IsUnrestricted || _remote is not null || !await Store.HasRestrictedDocumentsAsync(cancellationToken).ConfigureAwait(false))
        {
            return statistics;
        }

        var readable = await ListDocumentsAsync(access, cancellationToken).ConfigureAwait(false);
        return statistics with { Documents = readable.Count, Chunks = readable.Sum(d => (long)d.ChunkCount) };
    }

    /// <summary>
    /// Sets who may read a document (by id or source path) and everything it holds; an empty list lets every caller read
    /// it. Takes the data folder's write lock. Returns the document as now stored, or null when it is not stored.
    /// </summary>
    /// <exception cref="ArgumentException">A principal is malformed.</exception>
    public async Task<DocumentRecord?> SetAccessAsync(string idOrPath, IReadOnlyList<string> access, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrPath);
        ArgumentNullException.ThrowIfNull(access);
        var normalized = DocumentAccess.Normalize(access);
        if (_remote is not null)
        {
            throw new NotSupportedException("Access lists are not kept for a collection held on a cluster yet.");
        }

        using var writeLock = await DataFolderLock.AcquireAsync(
            Store.DataDirectory, DataFolderLock.DefaultWait, logger: LoggerFactory.CreateLogger<DataFolderLock>(), cancellationToken: cancellationToken).ConfigureAwait(false);
        var document = await Store.GetDocumentAsync(idOrPath, cancellationToken).ConfigureAwait(false)
            ?? await Store.FindBySourceAsync(Path.GetFullPath(idOrPath), cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return null;
        }

        await Store.SetAccessAsync(document.Id, normalized, cancellationToken).ConfigureAwait(false);
        return await Store.GetDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A text that changes whenever what a question could be answered from changes (an ingest, a removal, an access change,
    /// a move): what caches of answers key by.
    /// </summary>
    public Task<string> GetVersionAsync(CancellationToken cancellationToken = default) => Store.ReadVersionAsync(cancellationToken);

    /// <summary>A pipeline that ingests into this folder.</summary>
    public IngestionPipeline CreateIngestionPipeline() =>
        new(Store, Indexes, DocumentReaderSelector.CreateDefault(Docent.Documents.Ocr.OcrAvailability.For(Options.Settings.Ocr)), new StructuredChunker(SentenceSplitter), Options.Chunking,
            LoggerFactory.CreateLogger<IngestionPipeline>(), Options.Settings.Pii,
            Options.Settings.Pii.Names == Safety.PiiNameDetection.Model && ChatClient is not null ? new Safety.ChatNameFinder(ChatClient) : null)
        {
            QuarantineFlagged = Options.Settings.Safety.QuarantineFlagged,
        };

    /// <summary>
    /// Removes a document (by id or source path) and updates the indexes; null when it was not stored. Takes the
    /// data folder's write lock, waiting up to <see cref="DataFolderLock.DefaultWait"/> for another writer.
    /// </summary>
    public async Task<DocumentRecord?> RemoveDocumentAsync(string idOrPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrPath);
        if (_remote is not null)
        {
            return await _remote.RemoveDocumentAsync(idOrPath, cancellationToken).ConfigureAwait(false);
        }

        using var writeLock = await DataFolderLock.AcquireAsync(
            Store.DataDirectory, DataFolderLock.DefaultWait, logger: LoggerFactory.CreateLogger<DataFolderLock>(), cancellationToken: cancellationToken).ConfigureAwait(false);
        var document = await Store.GetDocumentAsync(idOrPath, cancellationToken).ConfigureAwait(false)
            ?? await Store.FindBySourceAsync(Path.GetFullPath(idOrPath), cancellationToken).ConfigureAwait(false);
        if (document is null || !await Store.RemoveDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await Indexes.CatchUpAndSaveAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return document;
    }

    /// <summary>The configured answer generator, behind the personal-data redactor with <c>pii.redact = answers</c>.</summary>
    private IAnswerGenerator CreateAnswerer()
    {
        var answerer = CreateModelAnswerer();
        return _outputRedactor is null ? answerer : new RedactingAnswerGenerator(answerer, _outputRedactor);
    }

    private IAnswerGenerator CreateModelAnswerer()
    {
        var embedding = Options.Settings.Embedding;
        var extractive = new ExtractiveAnswerGenerator(
            Analyzer, SentenceSplitter, new ExtractiveAnswerOptions { EmbeddingUnderstands = embedding.Understands }, QueryEmbedder);
        if (ChatClient is null)
        {
            return extractive;
        }

        // Embedding similarity backs the lexical grounding check when an embedding model is at hand.
        var checker = new GroundingChecker(Analyzer, SentenceSplitter, embeddingGenerator: QueryEmbedder);
        var chat = Options.Settings.Chat;
        var local = ChatClient.GetService<ChatModelLimits>();
        // The model answers only what the extractive answerer's calibrated confidence would: one answer-or-refuse decision.
        var llm = new LlmAnswerGenerator(
            ChatClient,
            checker,
            SentenceSplitter,
            new LlmAnswerOptions
            {
                // A local model's context is fixed by the file; the prompt budget must not assume a larger one.
                ContextWindowTokens = local is null ? chat.ContextWindowTokens : Math.Min(chat.ContextWindowTokens, local.ContextLength),
                MaxOutputTokens = chat.MaxOutputTokens,
                Temperature = (float)chat.Temperature,
                ModelId = chat.Model,
            },
            _prompts = PromptTemplates.Load(Path.Combine(Store.DataDirectory, PromptTemplates.FolderName)),
            // ...and the budget is counted in the local model's own tokens.
            local?.TokenCounter);
        return new ConfidenceGatedAnswerGenerator(llm, extractive);
    }

    /// <summary>
    /// The answer options a question gets unless it asks otherwise: the settings' <c>dropUnsupported</c> and
    /// <c>minConfidence</c>, and the defaults of <see cref="AnswerOptions"/>. A new instance each time (callers may change theirs).
    /// </summary>
    public AnswerOptions DefaultAnswerOptions => new() { DropUnsupported = Options.Settings.DropUnsupported, MinConfidence = Options.Settings.MinConfidence ?? AnswerConfidence.DefaultThresholdFor(QueryEmbedder is not null) };

    /// <summary>The condenser of follow-up questions: the chat model when configured, else the deterministic rewrite.</summary>
    public IQueryCondenser CreateQueryCondenser()
    {
        var deterministic = new DeterministicQueryCondenser(Analyzer);
        return ChatClient is null ? deterministic : new LlmQueryCondenser(ChatClient, deterministic);
    }

    /// <summary>The ask stage of this folder: condense → retrieve → answer → check, with history kept per conversation.</summary>
    public AskPipeline CreateAskPipeline(IRetriever? retriever = null) =>
        new(retriever ?? Retriever, Answerer, CreateQueryCondenser(), Conversations, DefaultAnswerOptions, LoggerFactory.CreateLogger<AskPipeline>());

    /// <summary>
    /// The ask stage of this folder with a host's answer cache and audit log around it (either null: left out): what the
    /// server composes for each question. The cache is partitioned by this opening of the folder, keyed by its version
    /// (<see cref="GetVersionAsync"/>) and <see cref="AnswerSettingsFingerprint"/>, and left out for a folder that retrieves
    /// from a cluster (its version does not follow the shards). <paramref name="collection"/> names the folder in audit records.
    /// </summary>
    public IAskPipeline CreateAskPipeline(AnswerCache? cache, AskAuditLog? audit, string collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return CreateAskPipeline().AsBuilder()
            .UseAudit(audit, collection)
            .UseAnswerCache(_remote is null ? cache : null, $"{Store.DataDirectory}#{_openingId}", GetVersionAsync, AnswerSettingsFingerprint, LoggerFactory.CreateLogger<CachingAskPipeline>())
            .Build();
    }

    /// <summary>
    /// A short text naming everything configured that shapes an answer besides the question, the caller and the folder's
    /// contents: retrieval mode, embedding, fusion and reranker, the chat model and its limits, the default answer options,
    /// personal-data redaction and the prompt templates. Answer caches key by it.
    /// </summary>
    public string AnswerSettingsFingerprint => _answerFingerprint ??= ComputeAnswerFingerprint();

    private string ComputeAnswerFingerprint()
    {
        var settings = Options.Settings;
        var answering = DefaultAnswerOptions;
        var text = new System.Text.StringBuilder()
            .Append(Mode).Append('|').Append(EmbeddingModelId).Append('|').Append(settings.Retrieval.Fusion).Append('|')
            .Append(settings.Retrieval.VectorWeight.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('|')
            .Append(settings.Reranker.Path).Append('|').Append(settings.Reranker.CandidateCount).Append('|')
            .Append(ChatClient is null ? "extractive" : settings.Chat.Model).Append('|')
            .Append(settings.Chat.Temperature.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('|')
            .Append(settings.Chat.MaxOutputTokens).Append('|').Append(settings.Chat.ContextWindowTokens).Append('|')
            .Append(answering.DropUnsupported).Append('|').Append(answering.MaxSentences).Append('|')
            .Append(answering.MinConfidence?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('|')
            .Append(Options.Feedback is null ? "no-feedback" : "feedback").Append('|')
            .Append(settings.Pii.Redact).Append('|').Append(settings.Pii.Kinds).Append('|').Append(settings.Pii.Names).Append('|');
        if (_prompts is not null)
        {
            text.Append(_prompts.System).Append('\u001f').Append(_prompts.User);
            foreach (var example in _prompts.Examples)
            {
                text.Append('\u001f').Append(example);
            }
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static (IEmbeddingGenerator<string, Embedding<float>>? Generator, string ModelId) CreateEmbeddingGenerator(
        EmbeddingModelSettings settings, ModelServices services)
    {
        if (services.EmbeddingGenerator is not null)
        {
            return (services.EmbeddingGenerator, services.EmbeddingModelId ?? "custom");
        }

        if (!settings.IsConfigured || (settings.IsBuiltin && services.LocalModels is null))
        {
            // Off, or the default built-in model in a host that ships no runtime for it: lexical only.
            return (null, "");
        }

        return settings.Provider == EmbeddingModelSettings.OpenAIProvider
            ? (ModelClientFactory.CreateRemoteEmbeddingGenerator(settings, services.LoggerFactory, services.Transport), settings.ModelId)
            : WithModelId(services.LocalModels?.CreateEmbeddingGenerator(settings)
               ?? throw new ArgumentException(
                   $"embedding.provider \"{settings.Provider}\" runs the model in process, and this program was built without a runtime for it (Docent.Models.Onnx)."),
               settings.ModelId);
    }

    /// <summary>A local model names itself (a built-in model's id is not its setting); vectors are stored under that name.</summary>
    private static (IEmbeddingGenerator<string, Embedding<float>> Generator, string ModelId) WithModelId(
        IEmbeddingGenerator<string, Embedding<float>> generator, string fallback) =>
        (generator, generator.GetService(typeof(EmbeddingGeneratorMetadata)) is EmbeddingGeneratorMetadata { DefaultModelId: { Length: > 0 } id } ? id : fallback);
}
