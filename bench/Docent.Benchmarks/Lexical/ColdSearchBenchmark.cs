using System.Diagnostics;
using System.Text.Json;
using Docent.Hosting;

namespace Docent.Benchmarks.Lexical;

/// <summary>
/// `docent bench lexical --cold`: what one-off use of a big data folder costs. On a <see cref="ZipfDataFolder"/> of the
/// synthetic corpus (built once, then reused), starts `docent search --no-embeddings` as a new process once untimed
/// and then <see cref="ColdSearchOptions.Runs"/> times with a different corpus query each, interleaved with as many runs
/// of `docent --version` (the process start-up floor, which opens no folder), and reports the wall times; then opens the
/// folder in this process and reports the growth of the managed heap and working set. The processes start cold, the
/// files are in the OS cache after the first run. Stateless.
/// </summary>
public static class ColdSearchBenchmark
{
    private static readonly string[] FloorArguments = ["--version"];

    /// <summary>Runs the benchmark, starting `docent` through <paramref name="launcher"/>. <paramref name="progress"/> hears one line per step.</summary>
    public static async Task<ColdSearchResult> RunAsync(
        ColdSearchOptions options, DocentLauncher launcher, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(launcher);
        options.Validate();

        var folder = await ZipfDataFolder.EnsureAsync(options.DataRoot!, options.Documents, options.Seed, options.Vocabulary, progress, cancellationToken).ConfigureAwait(false);
        string[] queries = new ZipfCorpus(options.Seed, options.Vocabulary).Queries(options.Runs + 1);

        var first = await SearchAsync(launcher, folder.DataDirectory, queries[0], cancellationToken).ConfigureAwait(false);
        progress?.Report($"first search: {first.WallMilliseconds:F0} ms wall");
        var searches = new List<SearchRun>();
        var floors = new List<double>();
        for (int run = 1; run <= options.Runs; run++)
        {
            double floor = (await RunChildAsync(launcher, FloorArguments, cancellationToken).ConfigureAwait(false)).WallMilliseconds;
            floors.Add(floor);
            var search = await SearchAsync(launcher, folder.DataDirectory, queries[run], cancellationToken).ConfigureAwait(false);
            searches.Add(search);
            progress?.Report($"run {run}: search {search.WallMilliseconds:F0} ms wall ({search.ElapsedMilliseconds:F1} ms searching, {search.Results} results), --version {floor:F0} ms");
        }

        var (openMilliseconds, heap, workingSet) = await MeasureOpenAsync(folder.DataDirectory, cancellationToken).ConfigureAwait(false);
        progress?.Report($"opened in process in {openMilliseconds:F0} ms: heap +{heap / 1048576.0:F1} MiB, working set +{workingSet / 1048576.0:F1} MiB");

        return new ColdSearchResult(
            "zipf", options.Documents, options.Seed, options.Vocabulary, folder, options.Runs,
            launcher.Describe(SearchArguments("DIR", "QUERY")), launcher.Describe(FloorArguments),
            first.WallMilliseconds,
            LexicalSpread.Of(searches.Select(s => s.WallMilliseconds)),
            LexicalSpread.Of(searches.Select(s => s.ElapsedMilliseconds)),
            LexicalSpread.Of(floors),
            searches.Count(s => s.Results > 0),
            openMilliseconds, heap, workingSet);
    }

    /// <summary>The arguments of one cold search of <paramref name="query"/> in <paramref name="dataDirectory"/>.</summary>
    public static string[] SearchArguments(string dataDirectory, string query) =>
        ["search", "--no-embeddings", "--json", "--data", dataDirectory, "--", query];

    private static async Task<SearchRun> SearchAsync(DocentLauncher launcher, string dataDirectory, string query, CancellationToken cancellationToken)
    {
        var (wall, stdout) = await RunChildAsync(launcher, SearchArguments(dataDirectory, query), cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            return new SearchRun(wall, root.GetProperty("elapsedMs").GetDouble(), root.GetProperty("results").GetArrayLength());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidOperationException($"`docent search` on {dataDirectory} did not print the JSON object expected: {stdout}", ex);
        }
    }

    private static async Task<(double WallMilliseconds, string Stdout)> RunChildAsync(DocentLauncher launcher, string[] arguments, CancellationToken cancellationToken)
    {
        var info = launcher.StartInfo(arguments);
        long start = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {launcher.Describe(arguments)}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        string output = await stdout.ConfigureAwait(false);
        string errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{launcher.Describe(arguments)} failed (exit code {process.ExitCode}): {errors.Trim()}");
        }

        return (wall, output);
    }

    // The heap and working set before and after a read-only open, with garbage collected (and returned to the system) first.
    private static async Task<(double OpenMilliseconds, long Heap, long WorkingSet)> MeasureOpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var self = Process.GetCurrentProcess();
        Collect();
        long heapBefore = GC.GetTotalMemory(true);
        self.Refresh();
        long workingSetBefore = self.WorkingSet64;

        long start = Stopwatch.GetTimestamp();
        var folder = await DataFolder.OpenAsync(ZipfDataFolder.LexicalOptions(dataDirectory), cancellationToken: cancellationToken).ConfigureAwait(false);
        double open = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        Collect();
        long heap = GC.GetTotalMemory(true) - heapBefore;
        self.Refresh();
        long workingSet = self.WorkingSet64 - workingSetBefore;
        GC.KeepAlive(folder);
        return (open, heap, workingSet);
    }

    private static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private sealed record SearchRun(double WallMilliseconds, double ElapsedMilliseconds, int Results);
}
