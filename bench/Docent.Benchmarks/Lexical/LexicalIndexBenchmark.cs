using System.Diagnostics;
using System.Text.Json;
using Docent.Retrieval;

namespace Docent.Benchmarks.Lexical;

/// <summary>
/// `docent bench lexical`: Docent's <see cref="Bm25Index"/> against Lucene.NET 4.8 in the same process on one corpus
/// (synthetic <see cref="ZipfCorpus"/> or BEIR SciFact): build time, disk size, heap after open, then interleaved
/// rounds (Docent, Lucene, Docent, Lucene, …) of every query on one thread after one untimed pass of each, reporting
/// queries per second and p50/p99 latency as the median over rounds with the spread, and the overlap of the two top
/// 10s. Stateless; each run works in its own temporary folder and deletes it.
/// </summary>
public static class LexicalIndexBenchmark
{
    /// <summary>Results per query.</summary>
    public const int Top = 10;

    /// <summary>Runs the benchmark. <paramref name="progress"/> hears one line per step.</summary>
    public static LexicalBenchmarkResult Run(LexicalBenchmarkOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var defaults = new Bm25Options();

        var clock = Stopwatch.StartNew();
        bool sciFact = options.SciFactDirectory is not null;
        var (documents, queries) = sciFact ? LoadSciFact(options.SciFactDirectory!, options.Queries) : Generate(options);
        double prepareSeconds = clock.Elapsed.TotalSeconds;
        double averageWords = documents.Count == 0 ? 0 : documents.Average(d => (double)d.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        progress?.Report($"{documents.Count:N0} documents ({averageWords:F0} words on average), {queries.Length:N0} queries in {prepareSeconds:F1} s");

        string root = Path.Combine(Path.GetTempPath(), $"docent-bench-lexical-{Guid.NewGuid():N}");
        ILexicalBenchEngine[] engines = [new DocentLexicalEngine(sciFact ? null : "en", options.HiddenPercent), new LuceneLexicalEngine(defaults.K1, defaults.B)];
        try
        {
            var built = new List<(double Build, double Open, long Disk, long Heap)>();
            foreach (var engine in engines)
            {
                string folder = Path.Combine(root, engine.Name);
                Directory.CreateDirectory(folder);
                clock.Restart();
                engine.Build(documents, folder, cancellationToken);
                double build = clock.Elapsed.TotalSeconds;
                long disk = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

                long before = GC.GetTotalMemory(true);
                clock.Restart();
                engine.Open(folder);
                double open = clock.Elapsed.TotalSeconds;
                long heap = GC.GetTotalMemory(true) - before;
                built.Add((build, open, disk, heap));
                progress?.Report($"{engine.Name}: built in {build:F1} s, {disk / 1048576.0:F1} MiB on disk, opened in {open:F2} s, {heap / 1048576.0:F1} MiB heap");
            }

            // One untimed pass of each (warms code and caches) that also yields the top 10s to compare.
            var tops = engines.Select(e => queries.Select(e.TopKeys).ToArray()).ToArray();
            double overlap = Overlap(tops[0], tops[1]);

            var rounds = engines.Select(_ => new List<(double Qps, double P50, double P99)>()).ToArray();
            var latencies = new double[queries.Length];
            for (int round = 1; round <= options.Rounds; round++)
            {
                for (int e = 0; e < engines.Length; e++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var measured = Time(engines[e], queries, latencies);
                    rounds[e].Add(measured);
                    progress?.Report($"round {round} {engines[e].Name}: {measured.Qps:N0} q/s, p50 {measured.P50:F3} ms, p99 {measured.P99:F3} ms");
                }
            }

            var results = engines.Select((engine, e) => new LexicalEngineResult(
                engine.Name, engine.Settings, built[e].Build, built[e].Open, built[e].Disk, built[e].Heap,
                LexicalSpread.Of(rounds[e].Select(r => r.Qps)), LexicalSpread.Of(rounds[e].Select(r => r.P50)), LexicalSpread.Of(rounds[e].Select(r => r.P99)))).ToArray();
            return new LexicalBenchmarkResult(
                sciFact ? "scifact" : "zipf", documents.Count, queries.Length, options.Rounds, sciFact ? null : options.Seed, sciFact ? null : options.Vocabulary,
                Top, defaults.K1, defaults.B, prepareSeconds, averageWords, overlap, results[0], results[1]);
        }
        finally
        {
            foreach (var engine in engines)
            {
                engine.Dispose();
            }

            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }

    /// <summary>The mean over queries of |A ∩ B| / max(|A|, |B|) of two top-10 lists; queries where both are empty are left out.</summary>
    internal static double Overlap(IReadOnlyList<long[]> first, IReadOnlyList<long[]> second)
    {
        double sum = 0;
        int counted = 0;
        for (int q = 0; q < first.Count; q++)
        {
            if (first[q].Length == 0 && second[q].Length == 0)
            {
                continue;
            }

            sum += (double)first[q].Intersect(second[q]).Count() / Math.Max(first[q].Length, second[q].Length);
            counted++;
        }

        return counted == 0 ? 0 : sum / counted;
    }

    private static (double Qps, double P50, double P99) Time(ILexicalBenchEngine engine, string[] queries, double[] latencies)
    {
        long start = Stopwatch.GetTimestamp();
        for (int q = 0; q < queries.Length; q++)
        {
            long before = Stopwatch.GetTimestamp();
            engine.Search(queries[q]);
            latencies[q] = Stopwatch.GetElapsedTime(before).TotalMilliseconds;
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Array.Sort(latencies);
        return (queries.Length / seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    // Nearest rank on sorted values.
    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static (IReadOnlyList<string> Documents, string[] Queries) Generate(LexicalBenchmarkOptions options)
    {
        var corpus = new ZipfCorpus(options.Seed, options.Vocabulary);
        return (corpus.Documents(options.Documents), corpus.Queries(options.Queries));
    }

    private static (IReadOnlyList<string> Documents, string[] Queries) LoadSciFact(string directory, int queries)
    {
        string corpus = Path.Combine(directory, "corpus.jsonl");
        string claims = Path.Combine(directory, "queries.jsonl");
        foreach (var file in new[] { corpus, claims })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"--scifact: {directory} has no {Path.GetFileName(file)}; give the BEIR SciFact folder (with corpus.jsonl and queries.jsonl).", file);
            }
        }

        return ([.. Texts(corpus)], [.. Texts(claims).Take(queries)]);
    }

    private static IEnumerable<string> Texts(string file)
    {
        int line = 0;
        foreach (var text in File.ReadLines(file))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            string? value;
            try
            {
                using var json = JsonDocument.Parse(text);
                value = json.RootElement.TryGetProperty("text", out var field) && field.ValueKind == JsonValueKind.String ? field.GetString() : null;
            }
            catch (JsonException)
            {
                value = null;
            }

            yield return value ?? throw new InvalidDataException($"--scifact: line {line} of {file} is not a JSON object with a \"text\" string.");
        }
    }
}
