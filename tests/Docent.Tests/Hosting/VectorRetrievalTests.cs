using Docent.Hosting;
using Docent.Indexing;
using Docent.Ingestion;
using Docent.Models;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Hosting;

/// <summary>
/// The vector side of a data folder end to end with a deterministic bag-of-words embedder: vectors follow ingest
/// and removal, survive reopening without re-embedding, are rebuilt from stored embeddings, are never mixed across
/// models, and a model outage during ingest loses nothing.
/// </summary>
public sealed class VectorRetrievalTests : IDisposable
{
    private const int Dimensions = 96;
    private readonly TempDirectory _data = new();
    private int _textsEmbedded;
    private bool _modelDown;

    public void Dispose() => _data.Dispose();

    /// <summary>Each lower-cased word adds 1 to a hashed dimension: texts sharing words are close.</summary>
    private float[] Embed(string text)
    {
        if (_modelDown)
        {
            throw new ModelUnavailableException("http://fake", "bow", "HTTP 503 (test outage) after retries");
        }

        Interlocked.Increment(ref _textsEmbedded);
        return BagOfWords.Embed(text, Dimensions);
    }

    private Task<DataFolder> OpenAsync(RetrievalMode mode = RetrievalMode.Hybrid, string modelId = "bow-v1", FusionMethod fusion = FusionMethod.MinMax)
    {
        var options = new DocentOptions { DataDirectory = _data.Path, MaintainVectors = true };
        options.Settings.Retrieval.Mode = mode;
        options.Settings.Retrieval.Fusion = fusion;
        options.Settings.Embedding.Path = "/unused"; // an embedding model is "configured"; the generator below replaces it
        return DataFolder.OpenAsync(options, new ModelServices { EmbeddingGenerator = new FakeEmbeddingGenerator(Embed), EmbeddingModelId = modelId });
    }

    private static Task<IngestReport> IngestHandbookAsync(DataFolder folder) =>
        folder.CreateIngestionPipeline().IngestAsync([Path.Combine(RepositoryPaths.Samples, "handbook")], new IngestOptions());

    [Fact]
    public async Task Ingest_EmbedsEveryChunk_AndVectorSearchFindsByMeaningOfWords()
    {
        var folder = await OpenAsync(RetrievalMode.Vector);
        await IngestHandbookAsync(folder);

        Assert.Equal(folder.Index.Count, folder.Indexes.Vectors!.Count);
        Assert.True(File.Exists(Path.Combine(_data.Path, VectorIndexSynchronizer.IndexFileName)));
        var hits = await folder.Retriever.RetrieveAsync("paid annual leave days full-time employees", new RetrievalOptions { Top = 3 });
        Assert.EndsWith("leave-policy.docx", hits[0].Document.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FusionMethod.MinMax)]
    [InlineData(FusionMethod.Rrf)]
    public async Task Hybrid_FusesBothRankings(FusionMethod fusion)
    {
        var folder = await OpenAsync(RetrievalMode.Hybrid, fusion: fusion);
        await IngestHandbookAsync(folder);

        var hits = await folder.Retriever.RetrieveAsync("How many days of annual leave do full-time employees receive?", new RetrievalOptions { Top = 5 });

        var telemetry = Assert.IsType<TelemetryRetriever>(folder.Retriever);
        var refreshing = Assert.IsType<RefreshingRetriever>(telemetry.InnerRetriever);
        // Hybrid for questions in a language the embedding model understands, lexical for the rest.
        Assert.IsType<LanguageRoutingRetriever>(Assert.IsType<DuplicateCollapsingRetriever>(refreshing.InnerRetriever).InnerRetriever);
        Assert.Equal(5, hits.Count);
        Assert.Equal([1, 2, 3, 4, 5], hits.Select(h => h.Rank));
        Assert.Contains("27 days", hits[0].Chunk.Text, StringComparison.Ordinal);
        Assert.Equal(hits.Count, hits.Select(h => h.Chunk.Id).Distinct().Count());
    }

    [Fact]
    public async Task Reopening_LoadsTheFile_WithoutEmbeddingAgain()
    {
        await IngestHandbookAsync(await OpenAsync());
        _textsEmbedded = 0;

        var reopened = await OpenAsync();

        Assert.Equal(0, _textsEmbedded);
        Assert.Equal(reopened.Index.Count, reopened.Indexes.Vectors!.Count);
    }

    [Fact]
    public async Task LostVectorFile_IsRebuiltFromStoredEmbeddings_WithoutModelCalls()
    {
        await IngestHandbookAsync(await OpenAsync());
        File.Delete(Path.Combine(_data.Path, VectorIndexSynchronizer.IndexFileName));
        _textsEmbedded = 0;

        var reopened = await OpenAsync();
        var vectorsOnOpen = reopened.Indexes.Vectors!.Count;
        await reopened.Indexes.CatchUpAndSaveAsync();

        Assert.Equal(0, vectorsOnOpen); // opening embeds nothing: a reader searches what there is
        Assert.Equal(0, _textsEmbedded);
        Assert.Equal(reopened.Index.Count, reopened.Indexes.Vectors!.Count);
    }

    [Fact]
    public async Task AnotherModel_RebuildsWithItsOwnVectors_AndSwitchingBackReusesTheFirst()
    {
        var first = await OpenAsync(modelId: "bow-v1");
        await IngestHandbookAsync(first);
        var chunks = first.Index.Count;
        _textsEmbedded = 0;

        var second = await OpenAsync(modelId: "bow-v2");
        var secondOnOpen = second.Indexes.Vectors!.Count;
        await second.Indexes.CatchUpAndSaveAsync();
        var embeddedForSecond = _textsEmbedded;
        _textsEmbedded = 0;
        var back = await OpenAsync(modelId: "bow-v1");
        await back.Indexes.CatchUpAndSaveAsync();

        Assert.Equal(0, secondOnOpen); // the first model's vectors are never searched with the second's queries
        Assert.Equal("bow-v2", second.Indexes.Vectors!.ModelId);
        Assert.Equal(chunks, second.Indexes.Vectors.Count);
        Assert.Equal(chunks + 1, embeddedForSecond); // every chunk, plus the dimension probe
        Assert.Equal("bow-v1", back.Indexes.Vectors!.ModelId);
        Assert.Equal(chunks, back.Indexes.Vectors.Count);
        Assert.Equal(0, _textsEmbedded);
    }

    [Fact]
    public async Task ModelOutageDuringIngest_StoresTheDocuments_WarnsAndCatchesUpLater()
    {
        var folder = await OpenAsync();
        _modelDown = true;

        var report = await IngestHandbookAsync(folder);

        Assert.Empty(report.Failed);
        Assert.Equal(7, report.Added);
        Assert.Contains("503", report.IndexWarning, StringComparison.Ordinal);
        Assert.Equal(0, folder.Indexes.Vectors!.Count);
        var lexical = await folder.CreateRetriever(RetrievalMode.Lexical).RetrieveAsync("annual leave", new RetrievalOptions { Top = 1 });
        Assert.Single(lexical);

        _modelDown = false;
        var reopened = await OpenAsync();
        Assert.Equal(0, reopened.Indexes.Vectors!.Count);
        Assert.Null(await reopened.Indexes.CatchUpAndSaveAsync());
        Assert.Equal(reopened.Index.Count, reopened.Indexes.Vectors.Count);
    }

    [Fact]
    public async Task AReader_NeverEmbedsForAQuestion_FindsNewDocumentsLexically_AndPicksUpVectorsTheWriterSaved()
    {
        var writer = await OpenAsync();
        _modelDown = true;
        await IngestHandbookAsync(writer); // committed and lexically indexed; the vectors stay behind
        _modelDown = false;
        var reader = await OpenAsync(); // another process asking questions
        _textsEmbedded = 0;

        var whileBehind = await reader.Retriever.RetrieveAsync("annual leave days", new RetrievalOptions { Top = 3 });
        var embeddedForQuestion = _textsEmbedded;
        await writer.Indexes.CatchUpAndSaveAsync(); // the next ingest embeds the rest and saves
        _textsEmbedded = 0;
        var afterCatchUp = await reader.Retriever.RetrieveAsync("annual leave days", new RetrievalOptions { Top = 3 });

        Assert.NotEmpty(whileBehind);
        Assert.Contains(whileBehind, h => h.Document.Source.EndsWith("leave-policy.docx", StringComparison.Ordinal));
        Assert.Equal(0, embeddedForQuestion); // no vectors yet: not even the question is embedded, and never the chunks
        Assert.Equal(reader.Index.Count, reader.Indexes.Vectors!.Count); // the saved index was swapped in
        Assert.Equal(1, _textsEmbedded); // the question, now that there are vectors to search
        Assert.NotEmpty(afterCatchUp);
        var statistics = await reader.GetStatisticsAsync();
        Assert.Equal(0, statistics.Vectors!.Pending);
        Assert.Equal(1.0, statistics.Vectors.Coverage);
    }

    [Fact]
    public async Task Statistics_CountTheChunksNotYetEmbedded()
    {
        var folder = await OpenAsync();
        _modelDown = true;
        await IngestHandbookAsync(folder);

        var statistics = await folder.GetStatisticsAsync();

        Assert.Equal(folder.Index.Count, statistics.Vectors!.Pending);
        Assert.Equal(0.0, statistics.Vectors.Coverage);
    }

    [Fact]
    public async Task RemovingADocument_RemovesItsVectors()
    {
        var folder = await OpenAsync(RetrievalMode.Vector);
        await IngestHandbookAsync(folder);
        var before = folder.Indexes.Vectors!.Count;

        var removed = await folder.RemoveDocumentAsync(Path.Combine(RepositoryPaths.Samples, "handbook", "leave-policy.docx"));
        var hits = await folder.Retriever.RetrieveAsync("paid annual leave days full-time employees", new RetrievalOptions { Top = 50 });

        Assert.NotNull(removed);
        Assert.Equal(before - removed!.ChunkCount, folder.Indexes.Vectors.Count);
        Assert.DoesNotContain(hits, h => h.Document.Source.EndsWith("leave-policy.docx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VectorMode_WithoutAnEmbeddingModel_IsAClearError()
    {
        var options = new DocentOptions { DataDirectory = _data.Path };
        options.Settings.Retrieval.Mode = RetrievalMode.Vector;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => DataFolder.OpenAsync(options));

        Assert.Contains("embedding model", error.Message, StringComparison.Ordinal);
    }
}
