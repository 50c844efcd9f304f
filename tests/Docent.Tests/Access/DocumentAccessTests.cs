using System.IO.Compression;
using Docent.Access;
using Docent.Asking;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Models;
using Docent.Retrieval;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Access;

/// <summary>
/// Document access lists end to end in one data folder: set at ingest (option, folder rule file, inherited by a
/// container's files), changed later, enforced inside retrieval so a hidden document changes no score a caller sees, and
/// carried into listings, counts, conversations and the folder's version.
/// </summary>
public sealed class DocumentAccessTests : IDisposable
{
    private const string UniqueTerm = "zorblaxian";
    private static readonly AccessScope Hr = AccessScope.For(["group:hr"]);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Handbook => Path.Combine(RepositoryPaths.Samples, "handbook");

    private string WriteHrMemo() => _dir.Write(
        "hr/salaries.md",
        $"# Salary review\n\nThe {UniqueTerm} salary bands rise by four percent. Annual leave for the review team is carried over to March.\n");

    private Task<DataFolder> OpenAsync(string name, RetrievalMode mode = RetrievalMode.Lexical)
    {
        var options = new DocentOptions { DataDirectory = Path.Combine(_dir.Path, name), MaintainVectors = mode != RetrievalMode.Lexical };
        options.Settings.Retrieval.Mode = mode;
        if (mode == RetrievalMode.Lexical)
        {
            return DataFolder.OpenAsync(options);
        }

        options.Settings.Embedding.Path = "/unused";
        return DataFolder.OpenAsync(options, new ModelServices { EmbeddingGenerator = new FakeEmbeddingGenerator(t => BagOfWords.Embed(t, 96)), EmbeddingModelId = "bow" });
    }

    [Theory]
    [InlineData(RetrievalMode.Lexical)]
    [InlineData(RetrievalMode.Hybrid)]
    public async Task HiddenDocument_ChangesNoResultOrScoreThatACallerWithoutAccessSees(RetrievalMode mode)
    {
        // The same handbook with and without the HR memo: a caller who may not read the memo must get exactly what it would
        // get from a folder that never held it, even for a question naming the memo's unique term.
        var withMemo = await OpenAsync("with", mode);
        await withMemo.CreateIngestionPipeline().IngestAsync([Handbook], new IngestOptions());
        await withMemo.CreateIngestionPipeline().IngestAsync([WriteHrMemo()], new IngestOptions { Access = ["group:hr"] });
        var without = await OpenAsync("without", mode);
        await without.CreateIngestionPipeline().IngestAsync([Handbook], new IngestOptions());

        foreach (var query in new[] { UniqueTerm, $"{UniqueTerm} salary bands", "annual leave carried over", "salary review annual leave" })
        {
            var seen = await withMemo.Retriever.RetrieveAsync(query, new RetrievalOptions { Top = 5, Access = AccessScope.Public });
            var baseline = await without.Retriever.RetrieveAsync(query, new RetrievalOptions { Top = 5 });
            Assert.Equal(baseline.Select(h => (h.Chunk.Id, h.Score)), seen.Select(h => (h.Chunk.Id, h.Score)));
            Assert.DoesNotContain(seen, h => h.Document.Source.EndsWith("salaries.md", StringComparison.Ordinal));
        }

        // The unique term alone finds nothing lexically for them, and the memo first for HR and for the owner.
        if (mode == RetrievalMode.Lexical)
        {
            Assert.Empty(await withMemo.Retriever.RetrieveAsync(UniqueTerm, new RetrievalOptions { Access = AccessScope.Public }));
        }

        foreach (var access in new[] { Hr, AccessScope.Everything, null })
        {
            var hits = await withMemo.Retriever.RetrieveAsync(UniqueTerm, new RetrievalOptions { Top = 3, Access = access });
            Assert.EndsWith("salaries.md", hits[0].Document.Source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ask_DrawsOnlyOnReadableDocuments_AndConversationsStayWithTheirScope()
    {
        var folder = await OpenAsync("data");
        await folder.CreateIngestionPipeline().IngestAsync([Handbook], new IngestOptions());
        await folder.CreateIngestionPipeline().IngestAsync([WriteHrMemo()], new IngestOptions { Access = ["group:hr"] });
        var pipeline = folder.CreateAskPipeline();

        var hr = await pipeline.AskAsync($"By how much do the {UniqueTerm} salary bands rise?", new AskRequest { Access = Hr, ConversationId = "hr-talk" });
        Assert.Contains("four percent", hr.Answer.Text, StringComparison.Ordinal);
        var outsider = await pipeline.AskAsync($"By how much do the {UniqueTerm} salary bands rise?", new AskRequest { Access = AccessScope.Public });
        Assert.DoesNotContain("four percent", outsider.Answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(outsider.Answer.Citations, c => c.Source.EndsWith("salaries.md", StringComparison.Ordinal));

        // HR's conversation is HR's: others read nothing and cannot add to it; the owner reads it.
        Assert.Empty(await folder.Conversations.GetTurnsAsync("hr-talk", AccessScope.Public));
        await Assert.ThrowsAsync<ArgumentException>(() => pipeline.AskAsync("And the leave?", new AskRequest { Access = AccessScope.Public, ConversationId = "hr-talk" }));
        Assert.Single(await folder.Conversations.GetTurnsAsync("hr-talk", Hr));
        Assert.Single(await folder.Conversations.GetTurnsAsync("hr-talk"));
    }

    [Fact]
    public async Task ListingsAndCounts_LeaveOutWhatTheCallerMayNotRead()
    {
        var folder = await OpenAsync("data");
        await folder.CreateIngestionPipeline().IngestAsync([Handbook], new IngestOptions());
        var all = await folder.Documents.GetStatisticsAsync();
        await folder.CreateIngestionPipeline().IngestAsync([WriteHrMemo()], new IngestOptions { Access = ["group:hr"] });
        var memo = (await folder.Documents.ListDocumentsAsync()).Single(d => d.Source.EndsWith("salaries.md", StringComparison.Ordinal));
        Assert.Equal(["group:hr"], memo.AccessList);

        Assert.DoesNotContain(await folder.ListDocumentsAsync(AccessScope.Public), d => d.Id == memo.Id);
        Assert.Contains(await folder.ListDocumentsAsync(Hr), d => d.Id == memo.Id);
        Assert.Null(await folder.GetDocumentAsync(memo.Id, AccessScope.Public));
        Assert.NotNull(await folder.GetDocumentAsync(memo.Id, Hr));

        var publicCounts = await folder.GetStoreStatisticsAsync(AccessScope.Public);
        Assert.Equal((all.Documents, all.Chunks), (publicCounts.Documents, publicCounts.Chunks));
        var hrCounts = await folder.GetStoreStatisticsAsync(Hr);
        Assert.Equal((all.Documents + 1, all.Chunks + memo.ChunkCount), (hrCounts.Documents, hrCounts.Chunks));
    }

    [Fact]
    public async Task AccessChange_TakesEffectAtOnce_AndMovesTheVersion()
    {
        var folder = await OpenAsync("data");
        var memoPath = WriteHrMemo();
        await folder.CreateIngestionPipeline().IngestAsync([Handbook, memoPath], new IngestOptions());
        var before = await folder.GetVersionAsync();
        Assert.NotEmpty(await folder.Retriever.RetrieveAsync(UniqueTerm, new RetrievalOptions { Access = AccessScope.Public }));

        var changed = await folder.SetAccessAsync(memoPath, ["group:hr", "user:carol"]);
        Assert.Equal(["group:hr", "user:carol"], changed!.AccessList);
        var restricted = await folder.GetVersionAsync();
        Assert.NotEqual(before, restricted);
        Assert.Empty(await folder.Retriever.RetrieveAsync(UniqueTerm, new RetrievalOptions { Access = AccessScope.Public }));
        Assert.NotEmpty(await folder.Retriever.RetrieveAsync(UniqueTerm, new RetrievalOptions { Access = AccessScope.For(["user:carol"]) }));

        // A re-read keeps the list set later; ingesting again with a list replaces it even when the bytes are unchanged.
        File.AppendAllText(memoPath, "\nThe bands are reviewed each spring.\n");
        await folder.CreateIngestionPipeline().IngestAsync([memoPath], new IngestOptions());
        Assert.Equal(["group:hr", "user:carol"], (await folder.Documents.FindBySourceAsync(memoPath))!.AccessList);
        Assert.NotEqual(restricted, await folder.GetVersionAsync());
        var report = await folder.CreateIngestionPipeline().IngestAsync([memoPath], new IngestOptions { Access = [] });
        Assert.Equal(1, report.Unchanged);
        Assert.Empty((await folder.Documents.FindBySourceAsync(memoPath))!.AccessList);
        Assert.NotEmpty(await folder.Retriever.RetrieveAsync(UniqueTerm, new RetrievalOptions { Access = AccessScope.Public }));

        Assert.Null(await folder.SetAccessAsync("no-such-document", ["group:hr"]));
        Assert.Throws<ArgumentException>(() => AccessScope.For(["HR"]));
        await Assert.ThrowsAsync<ArgumentException>(() => folder.SetAccessAsync(memoPath, ["group hr"]));
    }

    [Fact]
    public async Task FolderRuleFiles_GiveTheNearestListAndAMalformedRuleFailsItsFiles()
    {
        _dir.Write("docs/.docent-access", "# everyone in the company\ngroup:staff\n");
        var general = _dir.Write("docs/general.md", "# General\n\nThe canteen opens at eight.\n");
        _dir.Write("docs/hr/.docent-access", "group:hr\nuser:dana\n");
        var review = _dir.Write("docs/hr/review.md", "# Review\n\nThe review is in May.\n");
        _dir.Write("docs/broken/.docent-access", "group hr\n");
        _dir.Write("docs/broken/notes.md", "# Notes\n\nThese notes are private.\n");

        var folder = await OpenAsync("data");
        var report = await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(_dir.Path, "docs")], new IngestOptions());

        Assert.Equal(["group:staff"], (await folder.Documents.FindBySourceAsync(general))!.AccessList);
        Assert.Equal(["group:hr", "user:dana"], (await folder.Documents.FindBySourceAsync(review))!.AccessList);
        var failed = Assert.Single(report.Failed);
        Assert.EndsWith("notes.md", failed.Path, StringComparison.Ordinal);
        Assert.Contains("access rule", failed.Error, StringComparison.Ordinal);
        Assert.Contains(".docent-access", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(await folder.Documents.ListDocumentsAsync(), d => d.Source.EndsWith("notes.md", StringComparison.Ordinal));

        // An explicit list on the run wins over the rule files.
        await folder.CreateIngestionPipeline().IngestAsync([review], new IngestOptions { Access = ["user:erin"] });
        Assert.Equal(["user:erin"], (await folder.Documents.FindBySourceAsync(review))!.AccessList);
    }

    [Fact]
    public async Task FilesInsideAContainer_TakeTheContainersList()
    {
        var zipPath = Path.Combine(_dir.Path, "board.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("minutes.md").Open()))
            {
                writer.Write($"# Minutes\n\nThe board approved the {UniqueTerm} merger.\n");
            }
        }

        var folder = await OpenAsync("data");
        await folder.CreateIngestionPipeline().IngestAsync([zipPath], new IngestOptions { Access = ["group:board"] });
        var documents = await folder.Documents.ListDocumentsAsync();
        Assert.Equal(2, documents.Count);
        Assert.All(documents, d => Assert.Equal(["group:board"], d.AccessList));
        Assert.Empty(await folder.Retriever.RetrieveAsync(UniqueTerm, new RetrievalOptions { Access = AccessScope.Public }));

        // Opening the container to everyone opens what it holds.
        await folder.SetAccessAsync(zipPath, []);
        Assert.All(await folder.Documents.ListDocumentsAsync(), d => Assert.Empty(d.AccessList));
        Assert.NotEmpty(await folder.Retriever.RetrieveAsync(UniqueTerm, new RetrievalOptions { Access = AccessScope.Public }));
    }

    [Docent.Tests.Ingestion.LinuxFact]
    public async Task ARuleFileThatIsAPipe_FailsItsFilesWithoutBeingOpened()
    {
        var notes = _dir.Write("piped/notes.md", "# Notes\n\nThese notes are private.\n");
        Docent.Tests.Ingestion.UnixFiles.MakeFifo(Path.Combine(_dir.Path, "piped", ".docent-access"));

        var folder = await OpenAsync("data");
        var report = await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(_dir.Path, "piped")], new IngestOptions());

        var failed = Assert.Single(report.Failed);
        Assert.Equal(notes, failed.Path);
        Assert.Contains("is not a regular file but a named pipe", failed.Error, StringComparison.Ordinal);
        Assert.Empty(await folder.Documents.ListDocumentsAsync());
    }
}
