using Docent.Documents;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Ingestion;

/// <summary>
/// The pipeline's own guards for files it is handed directly: special files are never opened, and the byte
/// limit holds on what is read, not on what stat says.
/// </summary>
public sealed class HostileFileIngestTests : IDisposable
{
    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _docs.Dispose();
        _data.Dispose();
    }

    private async Task<IngestReport> IngestAsync(IngestOptions options, params string[] paths)
    {
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path });
        // On a worker with a generous guard: a regression that opens a FIFO or reads a device must fail, not hang.
        return await Task.Run(() => folder.CreateIngestionPipeline().IngestAsync(paths, options)).WaitAsync(TimeSpan.FromMinutes(1));
    }

    [LinuxFact]
    public async Task A_folder_with_device_links_and_a_fifo_ingests_the_rest_and_ends()
    {
        _docs.Write("good.md", "# Good\n\nThe parcel goes to warehouse kappa.\n");
        File.CreateSymbolicLink(Path.Combine(_docs.Path, "zero.txt"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(_docs.Path, "random.md"), "/dev/urandom");
        UnixFiles.MakeFifo(Path.Combine(_docs.Path, "pipe.txt"));

        var report = await IngestAsync(new IngestOptions(), _docs.Path);

        Assert.Equal(1, report.Added);
        Assert.Empty(report.Failed);
        var skipped = report.Results.Where(r => r.Status == IngestStatus.Skipped).ToDictionary(r => Path.GetFileName(r.Path), r => r.Error);
        Assert.Equal("not a regular file: a character device", skipped["zero.txt"]);
        Assert.Equal("not a regular file: a character device", skipped["random.md"]);
        Assert.Equal("not a regular file: a named pipe (FIFO)", skipped["pipe.txt"]);
    }

    [LinuxFact]
    public async Task A_fifo_or_device_handed_to_the_pipeline_directly_is_skipped_without_opening()
    {
        var pipe = UnixFiles.MakeFifo(Path.Combine(_docs.Path, "pipe.txt"));
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path });
        var pipeline = folder.CreateIngestionPipeline();

        var fifo = await Task.Run(() => pipeline.IngestFileAsync(pipe, new IngestOptions())).WaitAsync(TimeSpan.FromMinutes(1));
        var zero = await Task.Run(() => pipeline.IngestFileAsync("/dev/zero", new IngestOptions())).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal((IngestStatus.Skipped, "not a regular file: a named pipe (FIFO)"), (fifo.Status, fifo.Error));
        Assert.Equal((IngestStatus.Skipped, "not a regular file: a character device"), (zero.Status, zero.Error));
    }

    [LinuxFact]
    public async Task A_non_utf8_file_name_handed_directly_fails_with_that_reason()
    {
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path });
        UnixFiles.WriteNonUtf8Name(_docs.Path);
        var decoded = Assert.Single(Directory.GetFiles(_docs.Path));

        var result = await folder.CreateIngestionPipeline().IngestFileAsync(decoded, new IngestOptions());

        Assert.Equal(IngestStatus.Failed, result.Status);
        Assert.Contains("not valid UTF-8", result.Error);
    }

    [Fact]
    public async Task Bytes_read_past_the_limit_fail_with_a_reason_even_when_the_size_looked_small()
    {
        // Stands for a file that grows while it is read (or a device that reports size 0): 100 bytes under a 10-byte limit.
        await using var stream = new ByteLimitStream(new MemoryStream(new byte[100]), "/docs/growing.log", 10);

        var error = await Assert.ThrowsAsync<DocumentReadException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal("/docs/growing.log", error.Path);
        Assert.Contains("over the 10 bytes limit", error.Reason);
        Assert.Contains("--max-file-mb", error.Reason);
    }

    [Fact]
    public async Task Reading_up_to_the_limit_and_seeking_back_is_allowed()
    {
        await using var stream = new ByteLimitStream(new MemoryStream(new byte[10]), "/docs/exact.txt", 10);

        await stream.CopyToAsync(Stream.Null);
        stream.Position = 0;
        var again = new byte[10];
        await stream.ReadExactlyAsync(again);

        Assert.Equal(10, stream.Position);
    }

    [LinuxFact]
    public async Task Dev_zero_read_through_the_limit_ends_with_the_reason()
    {
        await using var stream = new ByteLimitStream(File.OpenRead("/dev/zero"), "/dev/zero", 1 << 20);

        var error = await Assert.ThrowsAsync<DocumentReadException>(() => stream.CopyToAsync(Stream.Null).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains("over the 1 MB limit", error.Reason);
    }
}
