using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>A file name carrying terminal escape codes is printed escaped, never raw, in the CLI's human output.</summary>
public sealed class PathDisplayTests : IDisposable
{
    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _docs.Dispose();
        _data.Dispose();
    }

    [Docent.Tests.Ingestion.LinuxFact] // Windows forbids control characters in file names.
    public async Task Escape_codes_in_file_names_are_shown_escaped_in_the_report_and_the_verbose_log()
    {
        _docs.Write("red\u001b[31m.md", ""); // empty: it fails, so the report lists it by name
        _docs.Write("ok\u001b]0;title\u0007.md", "The lighthouse keeper logs every ship.\n");

        var (exitCode, stdout, stderr) = await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--verbose");

        Assert.Equal(2, exitCode);
        Assert.DoesNotContain('\u001b', stdout + stderr);
        Assert.DoesNotContain('\u0007', stdout + stderr);
        Assert.Contains(@"red\x1b[31m.md", stdout.Replace("\n", "", StringComparison.Ordinal));
        Assert.Contains(@"added " + Path.Combine(_docs.Path, @"ok\x1b]0;title\x07.md"), stderr);
    }
}
