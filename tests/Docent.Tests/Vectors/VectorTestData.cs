using Docent.Benchmarks.Vectors;
using Docent.Vectors;

namespace Docent.Tests.Vectors;

/// <summary>A small clustered data set with sparse keys, queries, and a scalar brute-force oracle.</summary>
public sealed class VectorTestData
{
    public VectorTestData(int count, int dimension, int queries, int seed = 7)
    {
        Dimension = dimension;
        var generator = ClusteredVectorGenerator.ForCount(count, dimension, seed);
        Rows = generator.Next(count);
        Queries = generator.Next(queries);
        Keys = new long[count];
        for (int i = 0; i < count; i++)
        {
            Keys[i] = 5_000_000_000L + (i * 37L);
        }
    }

    public int Dimension { get; }

    public float[] Rows { get; }

    public float[] Queries { get; }

    public long[] Keys { get; }

    public int Count => Keys.Length;

    public int QueryCount => Queries.Length / Dimension;

    public ReadOnlySpan<float> Row(int i) => Rows.AsSpan(i * Dimension, Dimension);

    public ReadOnlySpan<float> Query(int q) => Queries.AsSpan(q * Dimension, Dimension);

    /// <summary>Exact similarity with the scalar reference kernels (cosine normalises both sides).</summary>
    public static double Similarity(VectorMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, aa = 0, bb = 0, l2 = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
            double d = (double)a[i] - b[i];
            l2 += d * d;
        }

        return metric switch
        {
            VectorMetric.Cosine => aa == 0 || bb == 0 ? 0 : dot / Math.Sqrt(aa * bb),
            VectorMetric.Dot => dot,
            _ => -l2,
        };
    }

    /// <summary>The exact top keys by brute force over the rows <paramref name="include"/> accepts.</summary>
    public long[] BruteForce(VectorMetric metric, ReadOnlySpan<float> query, int top, Func<int, bool>? include = null)
    {
        var scored = new List<(double Score, long Key)>();
        for (int i = 0; i < Count; i++)
        {
            if (include is null || include(i))
            {
                scored.Add((Similarity(metric, query, Row(i)), Keys[i]));
            }
        }

        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Key).Take(top).Select(s => s.Key).ToArray();
    }

    /// <summary>Mean fraction of <paramref name="truth"/>'s top 10 that <paramref name="search"/> returns.</summary>
    public double Recall(Func<int, IEnumerable<long>> search, IReadOnlyList<long[]> truth)
    {
        double found = 0, total = 0;
        for (int q = 0; q < truth.Count; q++)
        {
            var hits = search(q).ToHashSet();
            found += truth[q].Count(hits.Contains);
            total += truth[q].Length;
        }

        return found / total;
    }
}
