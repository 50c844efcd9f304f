using System.Diagnostics;
using System.Runtime.InteropServices;
using Docent.Vectors;

namespace Docent.Benchmarks.Vectors;

/// <summary>
/// Measures <see cref="HnswVectorIndex"/> against the exact <see cref="FlatVectorIndex"/> on clustered synthetic
/// data (<see cref="ClusteredVectorGenerator"/>, √count clusters): build time and memory, and for each search
/// breadth recall@10 against the exact top 10 and queries per second on one thread. Static; thread-safe.
/// </summary>
public static class VectorIndexBenchmark
{
    /// <summary>Results compared per query.</summary>
    public const int Top = 10;

    /// <summary>Model id written into the benchmark's indexes.</summary>
    public const string ModelId = "synthetic-clustered";

    /// <summary>Runs the benchmark; <paramref name="progress"/> hears one line per step.</summary>
    public static VectorBenchmarkResult Run(VectorBenchmarkOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int dimension = options.Dimension;

        var clock = Stopwatch.StartNew();
        var generator = ClusteredVectorGenerator.ForCount(options.Count, dimension, options.Seed);
        float[] data = generator.Next(options.Count);
        float[] queries = generator.Next(options.Queries);
        var keys = new long[options.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            // Sparse, non-sequential keys, as chunk keys are.
            keys[i] = 1_000_003L + (i * 7919L);
        }

        double generateSeconds = clock.Elapsed.TotalSeconds;
        progress?.Report($"generated {options.Count} × {dimension} vectors in {generator.ClusterCount} clusters and {options.Queries} queries ({generateSeconds:0.0} s)");

        using var flat = new FlatVectorIndex(dimension, options.Metric, ModelId);
        flat.UpsertBatch(keys, data);
        clock.Restart();
        var truth = flat.SearchBatch(queries, Top, options.Threads, cancellationToken).Select(hits => hits.Select(hit => hit.Key).ToArray()).ToArray();
        double truthSeconds = clock.Elapsed.TotalSeconds;
        if (options.DataDirectory is { } folder)
        {
            WriteData(folder, data, queries, keys, truth);
            progress?.Report($"wrote vectors.f32, queries.f32, keys.i64 and truth.i64 to {folder}");
        }

        var (flatQps, flatTimed) = Time(options, (q, s) => flat.Search(Query(queries, q, dimension), s), 0, cancellationToken);
        progress?.Report($"exact top {Top} of every query in {truthSeconds:0.0} s; flat search {flatQps:0} q/s on one thread");

        var runs = new List<VectorBenchmarkRun>();
        foreach (VectorQuantization quantization in options.Quantizations)
        {
            var hnswOptions = new HnswOptions { M = options.M, EfConstruction = options.EfConstruction, Quantization = quantization, Seed = options.Seed };
            var built = new HnswVectorIndex(dimension, options.Metric, ModelId, hnswOptions);
            clock.Restart();
            built.UpsertBatch(keys, data, options.Threads, cancellationToken);
            double buildSeconds = clock.Elapsed.TotalSeconds;
            progress?.Report($"HNSW ({Name(quantization)}) built in {buildSeconds:0.0} s on {options.Threads} thread(s)");
            if (quantization == VectorQuantization.None && options.IndexPath is { } indexPath)
            {
                built.SaveAsync(indexPath, watermark: 0, cancellationToken).GetAwaiter().GetResult();
                progress?.Report($"saved the float32 index to {indexPath}");
            }

            // An int8 index is measured as it is deployed: saved, then loaded with its float32 vectors memory-mapped.
            using var index = quantization == VectorQuantization.Int8 ? Reload(built, cancellationToken) : built;
            var points = new List<VectorBenchmarkPoint>();
            foreach (int ef in options.SearchBreadths)
            {
                var search = new VectorSearchOptions { Top = Top, SearchBreadth = ef };
                double found = 0;
                for (int q = 0; q < options.Queries; q++)
                {
                    var hits = index.Search(Query(queries, q, dimension), search);
                    found += hits.Count(hit => Array.IndexOf(truth[q], hit.Key) >= 0);
                }

                double recall = found / ((double)options.Queries * Math.Min(Top, options.Count));
                var (qps, timed) = Time(options, (q, s) => index.Search(Query(queries, q, dimension), s), ef, cancellationToken);
                points.Add(new VectorBenchmarkPoint(ef, recall, qps, timed));
                progress?.Report($"  ef {ef}: recall@{Top} {recall:0.000}, {qps:0} q/s");
            }

            runs.Add(new VectorBenchmarkRun(quantization, buildSeconds, index.GetMemoryUsage(), points, !ReferenceEquals(index, built)));
        }

        return new VectorBenchmarkResult(generator.ClusterCount, generateSeconds, truthSeconds, flatQps, flatTimed, flat.GetMemoryUsage(), runs);
    }

    /// <summary>Saves <paramref name="built"/> to a temporary file, disposes it, and loads it back with mapped float32 vectors.</summary>
    private static HnswVectorIndex Reload(HnswVectorIndex built, CancellationToken cancellationToken)
    {
        string file = Path.Combine(Path.GetTempPath(), $"docent-bench-{Guid.NewGuid():N}.dcvx");
        int dimension = built.Dimension;
        try
        {
            using (built)
            {
                built.SaveAsync(file, watermark: 0, cancellationToken).GetAwaiter().GetResult();
            }

            // The mapping keeps the data readable after the name is gone (Unix); elsewhere the file stays until exit.
            var loaded = HnswVectorIndex.Load(file, ModelId, dimension, mapFloatVectors: true);
            TryDelete(file);
            return loaded;
        }
        catch
        {
            TryDelete(file);
            throw;
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Windows refuses to delete a mapped file; the temporary folder is cleaned by the system.
        }
    }

    private static void WriteData(string folder, float[] data, float[] queries, long[] keys, long[][] truth)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The data files are written little-endian.");
        }

        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "vectors.f32"), MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(folder, "queries.f32"), MemoryMarshal.AsBytes(queries.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(folder, "keys.i64"), MemoryMarshal.AsBytes(keys.AsSpan()).ToArray());
        long[] flat = truth.SelectMany(row => row.Concat(Enumerable.Repeat(-1L, Top - row.Length))).ToArray();
        File.WriteAllBytes(Path.Combine(folder, "truth.i64"), MemoryMarshal.AsBytes(flat.AsSpan()).ToArray());
    }

    /// <summary>Lower-case name of a quantization, as the CLI spells it.</summary>
    public static string Name(VectorQuantization quantization) => quantization switch
    {
        VectorQuantization.Int8 => "int8",
        _ => "none",
    };

    private static ReadOnlySpan<float> Query(float[] queries, int q, int dimension) => queries.AsSpan(q * dimension, dimension);

    /// <summary>
    /// Runs queries in order on this thread after a short warm-up, in <see cref="VectorBenchmarkOptions.TimingRounds"/>
    /// rounds; returns the best round's queries per second (other processes only ever slow a round down) and how
    /// many queries were timed in all. A round is at least one whole pass over the queries (they differ in cost)
    /// and at least the minimum time, unless that takes longer than three times the minimum (the flat index).
    /// </summary>
    private static (double Qps, int Timed) Time(
        VectorBenchmarkOptions options, Action<int, VectorSearchOptions> search, int ef, CancellationToken cancellationToken)
    {
        var searchOptions = new VectorSearchOptions { Top = Top, SearchBreadth = ef > 0 ? ef : null };
        for (int q = 0; q < Math.Min(options.Queries, 20); q++)
        {
            search(q, searchOptions);
        }

        double best = 0;
        int total = 0;
        int next = 0;
        for (int round = 0; round < options.TimingRounds; round++)
        {
            var clock = Stopwatch.StartNew();
            int timed = 0;
            double elapsed;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                search(next, searchOptions);
                next = (next + 1) % options.Queries;
                timed++;
                elapsed = clock.Elapsed.TotalSeconds;
            }
            while (timed < options.Queries ? elapsed < 3 * options.MinimumTimedSeconds : elapsed < options.MinimumTimedSeconds);

            best = Math.Max(best, timed / elapsed);
            total += timed;
        }

        return (best, total);
    }
}
