using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Docent.Documents;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Storage;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Ingestion;

/// <summary>Archives (zip, tar, tar.gz, gzip) opened as folders: entries as documents named "archive/inner/path", kept in step with the archive, with the zip-bomb limits.</summary>
public sealed class ContainerIngestTests
{
    internal static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] TarGz(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "handbook/"));
            foreach (var (name, content) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }

            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "handbook/link.md") { LinkName = "/etc/passwd" });
        }

        return stream.ToArray();
    }

    private static async Task<(DataFolder Folder, IngestReport Report)> IngestAsync(TempDirectory dir, IngestOptions? options = null)
    {
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(dir.Path, "data") });
        var report = await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(dir.Path, "docs")], options ?? new IngestOptions { Prune = true });
        return (folder, report);
    }

    private static async Task<Dictionary<string, DocumentRecord>> DocumentsAsync(DataFolder folder) =>
        (await folder.Documents.ListDocumentsAsync()).ToDictionary(d => d.ShownSource);

    [Fact]
    public async Task AZipIsAFolderWhoseFilesAreDocumentsNamedInsideItAndAnsweredFrom()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/bundle.zip", Zip(
            ("policies/travel.md", Utf8("# Travel\n\nTrain tickets to Lyon are booked through Rail Desk, extension 4410.\n")),
            ("notes.txt", Utf8("The archive room is on the third floor.\n")),
            ("__MACOSX/policies/._travel.md", [0, 5, 22, 7]),
            ("logo.png", [0x89, (byte)'P', (byte)'N', (byte)'G']),
            ("../../escape.md", Utf8("# Escape\n\nThis entry tried to climb out of its archive.\n")),
            ("empty.txt", []),
            ("tools/helper.nupkg", Zip(("lib/helper.dll", [0x4d, 0x5a])))));
        dir.Write("docs/faq.md", "# FAQ\n\nThe canteen opens at 8.\n");

        var (folder, report) = await IngestAsync(dir);
        Assert.Empty(report.Failed);
        Assert.Contains(report.Results, r => r.Path.EndsWith("bundle.zip/empty.txt", StringComparison.Ordinal) && r.Status == IngestStatus.Skipped);
        var documents = await DocumentsAsync(folder);
        Assert.Equal(["docs/bundle.zip", "docs/bundle.zip/escape.md", "docs/bundle.zip/notes.txt", "docs/bundle.zip/policies/travel.md", "docs/faq.md"],
            documents.Keys.Order(StringComparer.Ordinal));
        var archive = documents["docs/bundle.zip"];
        Assert.Equal("archive", archive.Format);
        Assert.Equal(0, archive.ChunkCount);
        Assert.Empty(archive.Warnings);
        Assert.All(documents.Values.Where(d => d.ShownSource.StartsWith("docs/bundle.zip/", StringComparison.Ordinal)), d => Assert.Equal(archive.Id, d.ParentId));
        Assert.Equal(archive.Source + "/policies/travel.md", documents["docs/bundle.zip/policies/travel.md"].Source);

        var result = await folder.CreateAskPipeline().AskAsync("Who books train tickets to Lyon?");
        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Contains("Rail Desk", result.Answer.Text, StringComparison.Ordinal);
        var citation = Assert.Single(result.Answer.Citations);
        Assert.Equal("docs/bundle.zip/policies/travel.md", citation.ShownSource);
        Assert.Equal(["Travel"], citation.HeadingPath);
    }

    [Fact]
    public async Task AChangedArchiveUpdatesItsFilesAndRemovesTheOnesItNoLongerHoldsAndPruningRemovesThemAll()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/bundle.zip", Zip(("a.md", Utf8("# A\n\nAlpha stays.\n")), ("b.md", Utf8("# B\n\nBravo changes.\n")), ("c.md", Utf8("# C\n\nCharlie goes.\n"))));
        var (folder, first) = await IngestAsync(dir);
        Assert.Equal(4, first.Added);

        dir.Write("docs/bundle.zip", Zip(("a.md", Utf8("# A\n\nAlpha stays.\n")), ("b.md", Utf8("# B\n\nBravo changed its mind.\n"))));
        var second = await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(dir.Path, "docs")], new IngestOptions { Prune = true });
        Assert.Equal(
            [("bundle.zip/a.md", IngestStatus.Unchanged), ("bundle.zip/b.md", IngestStatus.Updated), ("bundle.zip/c.md", IngestStatus.Removed), ("bundle.zip", IngestStatus.Updated)],
            second.Results.Select(r => (r.Path[(r.Path.IndexOf("bundle.zip", StringComparison.Ordinal))..], r.Status)).OrderBy(r => r.Item1.Length > 10 ? 0 : 1).ThenBy(r => r.Item1, StringComparer.Ordinal));
        Assert.Equal(["docs/bundle.zip", "docs/bundle.zip/a.md", "docs/bundle.zip/b.md"], (await DocumentsAsync(folder)).Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(await folder.Retriever.RetrieveAsync("Charlie goes"), c => c.Chunk.Text.Contains("Charlie", StringComparison.Ordinal));

        File.Delete(Path.Combine(dir.Path, "docs/bundle.zip"));
        var third = await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(dir.Path, "docs")], new IngestOptions { Prune = true });
        Assert.Equal(1, third.Removed);
        Assert.Empty(await folder.Documents.ListDocumentsAsync());
        Assert.Equal(0, (await folder.Documents.GetStatisticsAsync()).Chunks);
    }

    [Fact]
    public async Task ARenamedArchiveSeenByAFolderSyncMovesWithItsFilesAndTheyStillNameItAsTheirContainer()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/bundle.zip", Zip(("policies/travel.md", Utf8("# Travel\n\nTrain tickets to Lyon are booked through Rail Desk.\n"))));
        var (folder, _) = await IngestAsync(dir);
        var docs = Path.Combine(dir.Path, "docs");
        File.Move(Path.Combine(docs, "bundle.zip"), Path.Combine(docs, "renamed.zip"));

        var report = await folder.CreateIngestionPipeline().SyncAsync([docs], [Path.Combine(docs, "bundle.zip"), Path.Combine(docs, "renamed.zip")]);

        Assert.Equal(FolderChangeKind.Renamed, Assert.Single(report.Changes).Kind);
        var documents = await DocumentsAsync(folder);
        Assert.Equal(["docs/renamed.zip", "docs/renamed.zip/policies/travel.md"], documents.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(documents["docs/renamed.zip"].Id, documents["docs/renamed.zip/policies/travel.md"].ParentId);

        File.Delete(Path.Combine(docs, "renamed.zip"));
        await folder.CreateIngestionPipeline().SyncAsync([docs], [Path.Combine(docs, "renamed.zip")]);
        Assert.Empty(await folder.Documents.ListDocumentsAsync());
    }

    [Fact]
    public async Task TarAndGzipArchivesAreOpenedTooAndLinksAreNotFollowed()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/handbook.tar.gz", TarGz(("handbook/leave.md", Utf8("# Leave\n\nParental leave is twenty weeks at full pay.\n"))));
        using (var gzip = new MemoryStream())
        {
            using (var writer = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
            {
                writer.Write(Utf8("# Parking\n\nVisitors park on level minus two.\n"));
            }

            dir.Write("docs/parking.md.gz", gzip.ToArray());
        }

        var (folder, report) = await IngestAsync(dir);
        Assert.Empty(report.Failed);
        Assert.Equal(["docs/handbook.tar.gz", "docs/handbook.tar.gz/handbook/leave.md", "docs/parking.md.gz", "docs/parking.md.gz/parking.md"],
            (await DocumentsAsync(folder)).Keys.Order(StringComparer.Ordinal));

        var result = await folder.CreateAskPipeline().AskAsync("How long is parental leave?");
        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Equal("docs/handbook.tar.gz/handbook/leave.md", Assert.Single(result.Answer.Citations).ShownSource);
    }

    [Fact]
    public async Task AZipBombFailsNamingItselfAndEveryOtherFileStillIngests()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/bomb.zip", Zip(("zeros.txt", new byte[24 << 20])));
        dir.Write("docs/faq.md", "# FAQ\n\nThe canteen opens at 8.\n");

        var (folder, report) = await IngestAsync(dir);
        var failure = Assert.Single(report.Failed);
        Assert.EndsWith("bomb.zip", failure.Path, StringComparison.Ordinal);
        Assert.Contains("zip bomb", failure.Error, StringComparison.Ordinal);
        Assert.Equal(["docs/faq.md"], (await DocumentsAsync(folder)).Keys);
    }

    [Fact]
    public async Task ContainerLimitsNameTheFileThatBreaksThemAndKeepTheRest()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/big.zip", Zip(("small.md", Utf8("# Small\n\nThe small file fits.\n")), ("large.txt", Utf8(new string('x', 5000))), ("third.md", Utf8("# Third\n\nOne too many.\n"))));
        var (folder, report) = await IngestAsync(dir, new IngestOptions { MaxFileBytes = 4096, MaxContainedFiles = 2 });

        Assert.Equal(2, report.Failed.Count);
        Assert.Contains("more than 4 KB", report.Failed[0].Error, StringComparison.Ordinal);
        Assert.EndsWith("big.zip/large.txt", report.Failed[0].Path, StringComparison.Ordinal);
        Assert.Contains("more than 2 files", report.Failed[1].Error, StringComparison.Ordinal);
        Assert.Equal(["docs/big.zip", "docs/big.zip/small.md"], (await DocumentsAsync(folder)).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ContainersNestedTooDeepAreStoredWithAWarningInsteadOfOpened()
    {
        using var dir = new TempDirectory();
        var inner = Zip(("deep.md", Utf8("# Deep\n\nToo deep to read.\n")));
        for (var level = 0; level < 3; level++)
        {
            inner = Zip(($"level{level}.zip", inner));
        }

        dir.Write("docs/nested.zip", inner);
        var (folder, report) = await IngestAsync(dir);

        Assert.Empty(report.Failed);
        var documents = await DocumentsAsync(folder);
        Assert.DoesNotContain(documents.Keys, k => k.EndsWith("deep.md", StringComparison.Ordinal));
        var deepest = documents["docs/nested.zip/level2.zip/level1.zip/level0.zip"];
        Assert.Contains(deepest.Warnings, w => w.Contains("nested more than 3 deep", StringComparison.Ordinal));
    }

    [Fact]
    public void EntryNamesAreCleanedIntoSafeUniqueNamesUnderTheirContainer()
    {
        var names = new ContainedNames();
        Assert.Equal("etc/passwd", names.Clean("../../etc/passwd"));
        Assert.Equal("a/b.md", names.Clean("a\\b.md"));
        Assert.Equal("a/b (2).md", names.Clean("/a//b.md"));
        Assert.Equal("file-4", names.Clean("../.."));
        Assert.Equal("tab.md", names.Clean("ta\u0007b.md"));
    }

    [Fact]
    public void ArchivesAreRecognisedByContentAndOfficeFilesStillByTheirOwnReaders()
    {
        var selector = DocumentReaderSelector.CreateDefault();
        var zip = Zip(("a.md", Utf8("# A\n")));
        Assert.Equal("archive", selector.Select(ReaderInput("bundle", zip)).Reader?.Format);
        Assert.Equal("archive", selector.Select(ReaderInput("x.tgz", TarGz(("handbook/a.md", Utf8("a"))))).Reader?.Format);
        Assert.Equal("xlsx", selector.Select(ReaderInput("rates.xlsx", Documents.XlsxReaderTests.TravelWorkbook())).Reader?.Format);
    }

    private static DocumentInput ReaderInput(string path, byte[] bytes) => Documents.ReaderTestSupport.FromBytes(path, bytes);
}
