using Docent.Answering;
using Docent.Chunking;
using Docent.Conversation;
using Docent.Documents;
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
    private DataFolder(DocentOptions options, SqliteDocumentStore store, StoreIndexes indexes, ITextAnalyzer analyzer,
                       IEmbeddingGenerator<string, Embedding<float>>? queryEmbedder, IChatClient? chatClient, ILoggerFactory loggers)
    {
        Options = options;
        LoggerFactory = loggers;
        Store = store;
        Indexes = indexes;
        Analyzer = analyzer;
        SentenceSplitter = new SentenceSplitter();
        QueryEmbedder = queryEmbedder;
        ChatClient = chatClient;
        Retriever = WithReranker(CreateRetriever(options.Settings.EffectiveMode));
        Answerer = CreateAnswerer();
    }

    /// <summary>Where the folder's stages log (the host's factory; <see cref="NullLoggerFactory"/> when it lent none).</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The options the folder was opened with.</summary>
    public DocentOptions Options { get; }

    /// <summary>The system of record.</summary>
    public SqliteDocumentStore Store { get; }

    /// <summary>The lexical and (with an embedding model) vector indexes, kept in step with <see cref="Store"/>.</summary>
    public StoreIndexes Indexes { get; }

    /// <summary>Keeps <see cref="Index"/> in step with <see cref="Store"/>.</summary>
    public LexicalIndexSynchronizer Synchronizer => Indexes.LexicalSynchronizer;

    /// <summary>The lexical index.</summary>
    public ILexicalIndex Index => Indexes.Lexical;

    /// <summary>The analysis chain shared by indexing, querying and answering.</summary>
    public ITextAnalyzer Analyzer { get; }

    /// <summary>The sentence splitter shared by chunking and answering.</summary>
    public ISentenceSplitter SentenceSplitter { get; }

    /// <summary>Embeds queries (uncached) with the model the vector index was built with; null without one.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? QueryEmbedder { get; }

    /// <summary>The chat model, or null when answers are extractive.</summary>
    public IChatClient? ChatClient { get; }

    /// <summary>The retriever of the configured mode.</summary>
    public IRetriever Retriever { get; }

    /// <summary>The configured answer generator: LLM with grounding checks when a chat model is set, else extractive.</summary>
    public IAnswerGenerator Answerer { get; }

    /// <summary>Opens (creating when needed) the data folder named by <paramref name="options"/>.</summary>
    public static async Task<DataFolder> OpenAsync(DocentOptions options, ModelServices? services = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services ??= new ModelServices();
        var loggers = services.LoggerFactory ?? NullLoggerFactory.Instance;
        var store = await SqliteDocumentStore.OpenAsync(options.DataDirectory, cancellationToken).ConfigureAwait(false);
        var analyzer = new EnglishAnalyzer();
        var lexical = options.Lexical;
        var lexicalSynchronizer = new LexicalIndexSynchronizer(
            store,
            () => new Bm25Index(analyzer, lexical),
            path => Bm25Index.Load(path, analyzer, lexical),
            loggers.CreateLogger<LexicalIndexSynchronizer>());
        var lexicalIndex = await lexicalSynchronizer.OpenAsync(cancellationToken).ConfigureAwait(false);

        var settings = options.Settings;
        IEmbeddingGenerator<string, Embedding<float>>? queryEmbedder = null;
        VectorIndexSynchronizer? vectorSynchronizer = null;
        IVectorIndex? vectors = null;
        if (settings.EffectiveMode != RetrievalMode.Lexical || options.MaintainVectors)
        {
            var (embedder, modelId) = CreateEmbeddingGenerator(settings.Embedding, services);
            if (embedder is not null)
            {
                queryEmbedder = embedder;
                var cached = new CachingEmbeddingGenerator(embedder, new SqliteEmbeddingCache(store), modelId);
                vectorSynchronizer = new VectorIndexSynchronizer(
                    store, cached, modelId, settings.Embedding.BatchSize,
                    dimension => VectorIndexFactory.Create(dimension, modelId, options.Vectors),
                    VectorIndexFactory.TryLoad,
                    loggers.CreateLogger<VectorIndexSynchronizer>());
                vectors = await vectorSynchronizer.OpenAsync(services.EmbeddingProgress, cancellationToken).ConfigureAwait(false);
            }
        }

        var chat = services.ChatClient
                   ?? (settings.Chat.IsConfigured ? ModelClientFactory.CreateChatClient(settings.Chat, services.LoggerFactory, services.Transport) : null);
        var indexes = new StoreIndexes(lexicalSynchronizer, lexicalIndex, vectorSynchronizer, vectors, loggers.CreateLogger<StoreIndexes>());
        return new DataFolder(options, store, indexes, analyzer, queryEmbedder, chat, loggers);
    }

    /// <summary>
    /// A retriever of <paramref name="mode"/> over this folder (vector and hybrid need the vector index). Each search
    /// first brings the indexes up to date with the store, so what another process ingested is found.
    /// </summary>
    public IRetriever CreateRetriever(RetrievalMode mode) =>
        new RefreshingRetriever(CreateIndexRetriever(mode), cancellationToken => Indexes.RefreshAsync(mode != RetrievalMode.Lexical, cancellationToken));

    private IRetriever CreateIndexRetriever(RetrievalMode mode)
    {
        var lexical = new LexicalRetriever(Index, Store);
        IRetriever lexicalSide = Options.Feedback is null ? lexical : new FeedbackRetriever(lexical, Analyzer, Options.Feedback);
        if (mode == RetrievalMode.Lexical)
        {
            return lexicalSide;
        }

        if (Indexes.Vectors is null || QueryEmbedder is null)
        {
            throw new ArgumentException($"Retrieval mode \"{mode.ToString().ToLowerInvariant()}\" needs an embedding model; none is configured (see `docent config show`).");
        }

        var vector = new VectorRetriever(Indexes.Vectors, QueryEmbedder, Store);
        return mode == RetrievalMode.Vector
            ? vector
            : new HybridRetriever(lexicalSide, vector, Options.Settings.Retrieval.Fusion, Options.Settings.Retrieval.VectorWeight);
    }

    /// <summary>Wraps <paramref name="retriever"/> in the configured cross-encoder reranker, if any.</summary>
    private IRetriever WithReranker(IRetriever retriever)
    {
        var settings = Options.Settings.Reranker;
        return settings.IsConfigured ? new RerankingRetriever(retriever, LocalModelFactory.CreateReranker(settings), settings.CandidateCount) : retriever;
    }

    /// <summary>A pipeline that ingests into this folder.</summary>
    public IngestionPipeline CreateIngestionPipeline() =>
        new(Store, Indexes, DocumentReaderSelector.CreateDefault(), new StructuredChunker(SentenceSplitter), LoggerFactory.CreateLogger<IngestionPipeline>());

    /// <summary>
    /// Removes a document (by id or source path) and updates the indexes; null when it was not stored. Takes the
    /// data folder's write lock, waiting up to <see cref="DataFolderLock.DefaultWait"/> for another writer.
    /// </summary>
    public async Task<DocumentRecord?> RemoveDocumentAsync(string idOrPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrPath);
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

    private IAnswerGenerator CreateAnswerer()
    {
        if (ChatClient is null)
        {
            return new ExtractiveAnswerGenerator(Analyzer, SentenceSplitter);
        }

        // Embedding similarity backs the lexical grounding check when an embedding model is at hand.
        var checker = new GroundingChecker(Analyzer, SentenceSplitter, embeddingGenerator: QueryEmbedder);
        var chat = Options.Settings.Chat;
        var local = ChatClient.GetService<Generation.LocalChatClient>();
        return new LlmAnswerGenerator(
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
            PromptTemplates.Load(Path.Combine(Store.DataDirectory, PromptTemplates.FolderName)),
            // ...and the budget is counted in the local model's own tokens.
            local is null ? null : new Generation.GenerationTokenCounter(local.Tokenizer));
    }

    /// <summary>The condenser of follow-up questions: the chat model when configured, else the deterministic rewrite.</summary>
    public IQueryCondenser CreateQueryCondenser()
    {
        var deterministic = new DeterministicQueryCondenser(Analyzer);
        return ChatClient is null ? deterministic : new LlmQueryCondenser(ChatClient, deterministic);
    }

    /// <summary>The ask stage of this folder: condense → retrieve → answer → check, with history kept per conversation.</summary>
    public AskPipeline CreateAskPipeline(IRetriever? retriever = null) =>
        new(retriever ?? Retriever, Answerer, CreateQueryCondenser(), new ConversationStore(Store), LoggerFactory.CreateLogger<AskPipeline>());

    private static (IEmbeddingGenerator<string, Embedding<float>>? Generator, string ModelId) CreateEmbeddingGenerator(
        EmbeddingModelSettings settings, ModelServices services)
    {
        if (services.EmbeddingGenerator is not null)
        {
            return (services.EmbeddingGenerator, services.EmbeddingModelId ?? "custom");
        }

        if (!settings.IsConfigured)
        {
            return (null, "");
        }

        return settings.Provider == EmbeddingModelSettings.OpenAIProvider
            ? (ModelClientFactory.CreateRemoteEmbeddingGenerator(settings, services.LoggerFactory, services.Transport), settings.ModelId)
            : (LocalModelFactory.CreateEmbeddingGenerator(settings), settings.ModelId);
    }
}
