using System.Diagnostics;
using System.Runtime.InteropServices;
using Docent.Vectors;

namespace Docent.Benchmarks.Vectors;

/// <summary>
/// Query-only measurement of a saved <see cref="HnswVectorIndex"/> on the data folder it was built from, optionally
/// interleaved with a native peer (<see cref="ServedPeer"/>): for each search breadth, recall@10 against the exact
/// top 10, then timed rounds of the same queries on one thread, Docent and peer alternating (which goes first
/// alternates too, so drift in the machine's load falls on both). Static; thread-safe.
/// </summary>
public static class VectorQueryBenchmark
{
    /// <summary>Runs the benchmark; <paramref name="progress"/> hears one line per step.</summary>
    public static IReadOnlyList<VectorQueryPoint> Run(VectorQueryBenchmarkOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var index = HnswVectorIndex.Load(options.IndexPath, VectorIndexBenchmark.ModelId);
        int dimension = index.Dimension;
        float[] queries = ReadArray<float>(options.DataDirectory, "queries.f32");
        long[] truth = ReadArray<long>(options.DataDirectory, "truth.i64");
        if (queries.Length == 0 || queries.Length % dimension != 0)
        {
            throw new InvalidDataException($"{Path.Combine(options.DataDirectory, "queries.f32")} does not hold vectors of the index's dimension {dimension}.");
        }

        int queryCount = queries.Length / dimension;
        if (truth.Length != queryCount * VectorIndexBenchmark.Top)
        {
            throw new InvalidDataException($"{Path.Combine(options.DataDirectory, "truth.i64")} does not hold the top {VectorIndexBenchmark.Top} of {queryCount} queries.");
        }

        progress?.Report($"loaded {options.IndexPath}: {index.Count} vectors of dimension {dimension}; {queryCount} queries");
        using var peer = options.Peer is { } command ? ServedPeer.Start(command) : null;
        if (peer is not null)
        {
            progress?.Report($"peer ready: {string.Join(' ', options.Peer!)}");
        }

        var points = new List<VectorQueryPoint>();
        foreach (int ef in options.SearchBreadths)
        {
            var search = new VectorSearchOptions { Top = VectorIndexBenchmark.Top, SearchBreadth = ef };
            double recall = Recall(index, queries, truth, dimension, search);
            double? peerRecall = peer?.Recall(ef);

            // Warm-up of both, then alternating rounds; both cursors start at query 0 and advance alike.
            _ = Time(index, queries, dimension, search, 0, Math.Min(queryCount, 200));
            _ = peer?.Time(ef, Math.Min(queryCount, 200));
            int cursor = Math.Min(queryCount, 200) % queryCount;
            var ours = new List<double>();
            var oursCpu = new List<double>();
            var theirs = new List<double>();
            var theirsCpu = new List<double>();
            for (int round = 0; round < options.Rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (peer is not null && round % 2 == 1)
                {
                    Add(peer.Time(ef, options.RoundQueries), theirs, theirsCpu, options.RoundQueries);
                }

                Add(Time(index, queries, dimension, search, cursor, options.RoundQueries), ours, oursCpu, options.RoundQueries);
                if (peer is not null && round % 2 == 0)
                {
                    Add(peer.Time(ef, options.RoundQueries), theirs, theirsCpu, options.RoundQueries);
                }

                cursor = (int)((cursor + (long)options.RoundQueries) % queryCount);
            }

            var point = new VectorQueryPoint(ef, recall, ours, oursCpu, peerRecall, theirs, theirsCpu);
            points.Add(point);
            progress?.Report(peer is null
                ? $"  ef {ef}: recall@10 {recall:0.0000}, median {VectorQueryPoint.Median(ours):0} q/s ({VectorQueryPoint.Median(oursCpu):0} per CPU second)"
                : $"  ef {ef}: recall@10 {recall:0.0000} / peer {peerRecall:0.0000}; median q/s {VectorQueryPoint.Median(ours):0} / {VectorQueryPoint.Median(theirs):0}, "
                  + $"ratio {VectorQueryPoint.Median(point.Ratios):0.000} ({point.Ratios.Min():0.000}–{point.Ratios.Max():0.000}); per CPU second ratio "
                  + $"{VectorQueryPoint.Median(point.CpuRatios):0.000} ({point.CpuRatios.Min():0.000}–{point.CpuRatios.Max():0.000})");
        }

        return points;
    }

    private static void Add((double Wall, double Cpu) seconds, List<double> wall, List<double> cpu, int queries)
    {
        wall.Add(queries / seconds.Wall);
        cpu.Add(queries / seconds.Cpu);
    }

    private static double Recall(HnswVectorIndex index, float[] queries, long[] truth, int dimension, VectorSearchOptions search)
    {
        int queryCount = queries.Length / dimension;
        long found = 0;
        long expected = 0;
        for (int q = 0; q < queryCount; q++)
        {
            var hits = index.Search(queries.AsSpan(q * dimension, dimension), search);
            ReadOnlySpan<long> exact = truth.AsSpan(q * VectorIndexBenchmark.Top, VectorIndexBenchmark.Top);
            foreach (long key in exact)
            {
                if (key >= 0)
                {
                    expected++;
                    found += hits.Any(hit => hit.Key == key) ? 1 : 0;
                }
            }
        }

        return expected == 0 ? 1 : (double)found / expected;
    }

    /// <summary>Wall-clock and thread CPU seconds of <paramref name="count"/> searches from query <paramref name="cursor"/> on, cycling.</summary>
    private static (double Wall, double Cpu) Time(HnswVectorIndex index, float[] queries, int dimension, VectorSearchOptions search, int cursor, int count)
    {
        int queryCount = queries.Length / dimension;
        int results = 0;
        double cpuStart = ThreadCpuClock.Seconds();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            results += index.Search(queries.AsSpan(cursor * dimension, dimension), search).Count;
            cursor = cursor + 1 == queryCount ? 0 : cursor + 1;
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double cpu = ThreadCpuClock.Seconds() - cpuStart;
        return results >= 0 ? (seconds, cpu) : (0, 0);
    }

    private static T[] ReadArray<T>(string folder, string name)
        where T : unmanaged
    {
        string path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: write the data folder with docent bench vectors --save-data {folder}.", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length % Marshal.SizeOf<T>() != 0)
        {
            throw new InvalidDataException($"{path} is not a whole number of {typeof(T).Name} values.");
        }

        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }
}
