using Docent.Ingestion;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Ingestion;

/// <summary>
/// The folder walk on hostile trees: link loops end, a file reached twice is listed once under its real path,
/// devices and FIFOs are reported and never listed. Walks run on a worker with a generous guard so that a
/// regression fails instead of hanging the test run (a guard against hangs, not a timing assertion).
/// </summary>
public sealed class InputResolverTests : IDisposable
{
    private readonly TempDirectory _docs = new();

    public void Dispose() => _docs.Dispose();

    private static Task<ResolvedInputs> ResolveAsync(params string[] inputs) =>
        Task.Run(() => new InputResolver().Resolve(inputs)).WaitAsync(TimeSpan.FromMinutes(1));

    private static DocumentIngestResult Problem(ResolvedInputs resolved, string name) =>
        Assert.Single(resolved.Problems, p => Path.GetFileName(p.Path) == name);

    [LinuxFact]
    public async Task A_self_link_and_a_parent_link_end_and_each_real_file_is_listed_once()
    {
        var a = _docs.Write("a.md", "alpha");
        var b = _docs.Write("sub/b.md", "beta");
        File.CreateSymbolicLink(Path.Combine(_docs.Path, "self"), ".");
        File.CreateSymbolicLink(Path.Combine(_docs.Path, "sub", "up"), "..");

        var resolved = await ResolveAsync(_docs.Path);

        Assert.Equal([a, b], resolved.Files);
        Assert.Contains("same folder as", Problem(resolved, "self").Error);
        Assert.Equal(IngestStatus.Skipped, Problem(resolved, "up").Status);
    }

    [LinuxFact]
    public async Task A_glob_over_a_link_loop_ends_and_lists_each_file_once()
    {
        var a = _docs.Write("a.md", "alpha");
        var b = _docs.Write("sub/b.md", "beta");
        File.CreateSymbolicLink(Path.Combine(_docs.Path, "self"), ".");
        File.CreateSymbolicLink(Path.Combine(_docs.Path, "sub", "up"), "..");

        var resolved = await ResolveAsync(Path.Combine(_docs.Path, "**", "*.md"));

        Assert.Equal([a, b], resolved.Files);
    }

    [LinuxFact]
    public async Task A_file_reached_by_a_link_and_its_real_path_is_listed_once_under_the_real_path()
    {
        // The link sorts first, yet the real path wins: links are followed after everything reachable without them.
        var real = _docs.Write("z-real.md", "zulu");
        var inFolder = _docs.Write("z-folder/inside.md", "inside");
        File.CreateSymbolicLink(Path.Combine(_docs.Path, "a-link.md"), real);
        File.CreateSymbolicLink(Path.Combine(_docs.Path, "a-folder"), Path.Combine(_docs.Path, "z-folder"));

        var resolved = await ResolveAsync(_docs.Path);

        Assert.Equal([real, inFolder], resolved.Files);
        Assert.Equal($"same file as {real}", Problem(resolved, "a-link.md").Error);
        Assert.Contains("same folder as", Problem(resolved, "a-folder").Error);
    }

    [LinuxFact]
    public async Task Links_to_devices_and_a_fifo_are_skipped_by_kind_and_never_listed()
    {
        var good = _docs.Write("good.md", "good");
        File.CreateSymbolicLink(Path.Combine(_docs.Path, "zero.txt"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(_docs.Path, "random.md"), "/dev/urandom");
        var pipe = UnixFiles.MakeFifo(Path.Combine(_docs.Path, "pipe.txt"));

        var resolved = await ResolveAsync(_docs.Path);

        Assert.Equal([good], resolved.Files);
        Assert.Equal("not a regular file: a character device", Problem(resolved, "zero.txt").Error);
        Assert.Equal("not a regular file: a character device", Problem(resolved, "random.md").Error);
        Assert.Equal("not a regular file: a named pipe (FIFO)", Problem(resolved, "pipe.txt").Error);
        Assert.All(resolved.Problems, p => Assert.Equal(IngestStatus.Skipped, p.Status));

        var named = await ResolveAsync(pipe, "/dev/zero");
        Assert.Empty(named.Files);
        Assert.Equal(2, named.Problems.Count);
    }

    [LinuxFact]
    public async Task A_file_name_that_is_not_utf8_fails_with_that_reason_not_path_not_found()
    {
        _docs.Write("good.md", "good");
        UnixFiles.WriteNonUtf8Name(_docs.Path);

        var resolved = await ResolveAsync(_docs.Path);

        var problem = Assert.Single(resolved.Problems);
        Assert.Equal(IngestStatus.Failed, problem.Status);
        Assert.Contains("not valid UTF-8", problem.Error);
        Assert.Single(resolved.Files);
    }

    [LinuxFact]
    public async Task A_broken_link_is_skipped_as_broken()
    {
        File.CreateSymbolicLink(Path.Combine(_docs.Path, "gone.md"), Path.Combine(_docs.Path, "nowhere.md"));

        var resolved = await ResolveAsync(_docs.Path);

        Assert.Equal("broken symbolic link: its target does not exist", Problem(resolved, "gone.md").Error);
    }
}
