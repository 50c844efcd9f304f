using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Docent.Benchmarks.Lexical;

namespace Docent.Benchmarks.Cluster;

/// <summary>
/// Docent's scale-out on one machine: for each cluster size (1, 2, 4 silos by default; 0 is the embedded baseline, a plain
/// `docent serve` of one data folder with no cluster), `docent serve --cluster` runs as
/// that many separate processes on loopback over a fresh shard root; the same synthetic documents are uploaded through
/// every silo in turn (ingest throughput), then search requests run under a fixed concurrency, spread over the silos
/// (q/s, p50 and p99), and each silo's resident memory and each shard's disk are read. Sizes are interleaved within each
/// round (1, 2, 4, 1, 2, 4, …) and reported as the median over rounds with the spread. Every process shares this
/// machine's processors with the load generator, which the report states.
/// </summary>
public static class ClusterScaleBenchmark
{
    /// <summary>Files per upload request (the silos are started accepting as many).</summary>
    internal const int UploadBatch = 200;

    public static async Task<ClusterBenchmarkResult> RunAsync(
        ClusterBenchmarkOptions options, DocentLauncher launcher, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(launcher);
        options.Validate();
        bool temporary = options.WorkDirectory is null;
        string work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "docent-bench-cluster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var corpus = new ZipfCorpus(options.Seed);
            var files = WriteDocuments(corpus, options.Documents, Path.Combine(work, "documents"));
            var queries = corpus.Queries(options.Queries);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            var runs = options.Silos.ToDictionary(s => s, _ => new List<Run>());
            long chunks = 0;
            for (int round = 1; round <= options.Rounds; round++)
            {
                foreach (int silos in options.Silos)
                {
                    progress?.Report($"round {round}/{options.Rounds}: {silos} silo(s)");
                    var run = await RunOneAsync(options, launcher, http, files, queries, silos, Path.Combine(work, $"r{round}-s{silos}"), cancellationToken).ConfigureAwait(false);
                    chunks = run.Chunks;
                    runs[silos].Add(run);
                    progress?.Report(string.Create(CultureInfo.InvariantCulture,
                        $"  ingest {run.IngestPerSecond:F0} docs/s, {run.QueriesPerSecond:F0} q/s, p99 {run.P99:F1} ms, {run.ResidentPerSilo / 1048576.0:F0} MB per silo"));
                }
            }

            string command = launcher.Describe(SiloProcess.Arguments(0, options.FirstSiloPort, "DATA", "SHARDS", options.Shards));
            var sizes = options.Silos.Select(s => new ClusterSizeResult(
                s,
                LexicalSpread.Of(runs[s].Select(r => r.IngestPerSecond)),
                LexicalSpread.Of(runs[s].Select(r => r.QueriesPerSecond)),
                LexicalSpread.Of(runs[s].Select(r => r.P50)),
                LexicalSpread.Of(runs[s].Select(r => r.P99)),
                LexicalSpread.Of(runs[s].Select(r => r.ResidentPerSilo / 1048576.0)),
                LexicalSpread.Of(runs[s].Select(r => r.ShardDisk / 1048576.0)),
                runs[s].Sum(r => r.Failures))).ToArray();
            return new ClusterBenchmarkResult(
                options.Documents, chunks, options.Shards, options.Requests, options.Concurrency, options.Rounds, Environment.ProcessorCount, command, sizes);
        }
        finally
        {
            if (temporary)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task<Run> RunOneAsync(
        ClusterBenchmarkOptions options, DocentLauncher launcher, HttpClient http, string[] files, string[] queries, int silos, string folder, CancellationToken cancellationToken)
    {
        string shardRoot = Path.Combine(folder, "shards");
        bool embedded = silos == 0;
        int shards = embedded ? 0 : options.Shards;
        silos = Math.Max(silos, 1);
        var processes = new List<SiloProcess>();
        try
        {
            // The first silo keeps the membership (localhost clustering): it must be up before the others join.
            processes.Add(SiloProcess.Start(launcher, 0, options.FirstSiloPort, Path.Combine(folder, "silo-0"), shardRoot, shards));
            await processes[0].WaitReadyAsync(http, cancellationToken).ConfigureAwait(false);
            for (int i = 1; i < silos; i++)
            {
                processes.Add(SiloProcess.Start(launcher, i, options.FirstSiloPort, Path.Combine(folder, $"silo-{i}"), shardRoot, options.Shards));
            }

            await Task.WhenAll(processes.Skip(1).Select(p => p.WaitReadyAsync(http, cancellationToken))).ConfigureAwait(false);

            // Ingest through every silo: batch b goes to silo b mod S, one uploader per silo.
            var batches = files.Chunk(UploadBatch).ToArray();
            var ingest = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, silos).Select(async s =>
            {
                for (int b = s; b < batches.Length; b += silos)
                {
                    await UploadAsync(http, processes[s].Address, batches[b], cancellationToken).ConfigureAwait(false);
                }
            })).ConfigureAwait(false);
            double ingestPerSecond = files.Length / ingest.Elapsed.TotalSeconds;

            // One untimed pass (JIT, caches), then the timed load.
            foreach (var (query, i) in queries.Select((q, i) => (q, i)))
            {
                await SearchAsync(http, processes[i % silos].Address, query, cancellationToken).ConfigureAwait(false);
            }

            var latencies = new double[options.Requests];
            int next = -1;
            int failures = 0;
            var load = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
            {
                for (int r = Interlocked.Increment(ref next); r < options.Requests; r = Interlocked.Increment(ref next))
                {
                    long start = Stopwatch.GetTimestamp();
                    if (!await SearchAsync(http, processes[r % silos].Address, queries[r % queries.Length], cancellationToken).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref failures);
                    }

                    latencies[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            })).ConfigureAwait(false);
            double queriesPerSecond = options.Requests / load.Elapsed.TotalSeconds;
            Array.Sort(latencies);

            long chunks = await CountChunksAsync(http, processes[0].Address, cancellationToken).ConfigureAwait(false);
            double resident = processes.Average(p => (double)p.ResidentBytes());
            // The store and indexes of a shard (the embedded baseline: its one folder), without the kept copies of the files and SQLite's write-ahead log.
            string[] parts = embedded ? [Path.Combine(folder, "silo-0")] : Directory.GetDirectories(Path.Combine(shardRoot, "default"));
            double shardDisk = parts.Average(part => (double)new DirectoryInfo(part).EnumerateFiles("*", SearchOption.AllDirectories)
                .Where(f => !f.FullName.Contains($"{Path.DirectorySeparatorChar}sources{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                            && !f.FullName.Contains($"{Path.DirectorySeparatorChar}uploads{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                            && !f.Name.EndsWith("-wal", StringComparison.Ordinal) && !f.Name.EndsWith("-shm", StringComparison.Ordinal))
                .Sum(f => f.Length));
            return new Run(ingestPerSecond, queriesPerSecond, Percentile(latencies, 0.50), Percentile(latencies, 0.99), resident, shardDisk, chunks, failures);
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static string[] WriteDocuments(ZipfCorpus corpus, int count, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new string[count];
        for (int i = 0; i < count; i++)
        {
            files[i] = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"doc-{i:D7}.txt"));
            File.WriteAllText(files[i], corpus.Document(i));
        }

        return files;
    }

    private static async Task UploadAsync(HttpClient http, Uri silo, string[] files, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(content, "files", Path.GetFileName(file));
        }

        using var response = await http.PostAsync(new Uri(silo, "api/collections/default/documents"), form, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || body.Contains("\"failed\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Upload to {silo} failed ({(int)response.StatusCode}): {body[..Math.Min(body.Length, 500)]}");
        }
    }

    private static async Task<bool> SearchAsync(HttpClient http, Uri silo, string query, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(silo, "api/collections/default/search?top=10&q=" + Uri.EscapeDataString(query)), cancellationToken).ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    private static async Task<long> CountChunksAsync(HttpClient http, Uri silo, CancellationToken cancellationToken)
    {
        using var stream = await http.GetStreamAsync(new Uri(silo, "api/collections"), cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return json.RootElement.EnumerateArray().First(c => c.GetProperty("name").GetString() == "default").GetProperty("chunks").GetInt64();
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed record Run(double IngestPerSecond, double QueriesPerSecond, double P50, double P99, double ResidentPerSilo, double ShardDisk, long Chunks, int Failures);
}
