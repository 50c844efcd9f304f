using Docent.Vectors;

namespace Docent.Benchmarks.Vectors;

/// <summary>
/// Synthetic vectors for measuring nearest-neighbour indexes: a Gaussian mixture that looks more like embeddings
/// than uniform noise does (recall on uniform random data means little: every point is about equally far from
/// every other). Cluster centres are standard normal; each cluster has a weight, a spread and its own
/// low-dimensional shape: the variance of its j-th most important dimension (a per-cluster permutation of the
/// dimensions) falls as <c>1/(j+1)</c>, so a cluster's effective dimension is a few dozen whatever the
/// dimension (real sentence embeddings have intrinsic dimensions of that order). With <c>spread</c> 0.5 the
/// root-mean-square distance of a point from its centre is half the centre's norm.
/// <para>
/// Everything derives from the seed. Successive <see cref="Next"/> calls continue one stream, so queries
/// drawn after the data come from the same distribution without being in the data set.
/// </para>
/// Not thread-safe.
/// </summary>
public sealed class ClusteredVectorGenerator
{
    private readonly int _dimension;
    private readonly float[] _centres;
    private readonly float[] _deviations;
    private readonly double[] _cumulativeWeights;
    private readonly Random _random;
    private double _spare;
    private bool _hasSpare;

    /// <summary>Creates the mixture: <paramref name="clusterCount"/> clusters in <paramref name="dimension"/> dimensions.</summary>
    public ClusteredVectorGenerator(int dimension, int clusterCount, int seed = 42, double spread = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clusterCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spread);
        this._dimension = dimension;
        ClusterCount = clusterCount;
        _random = new Random(seed);
        _centres = new float[clusterCount * dimension];
        _deviations = new float[clusterCount * dimension];
        _cumulativeWeights = new double[clusterCount];

        double harmonic = 0;
        for (int j = 0; j < dimension; j++)
        {
            harmonic += 1.0 / (j + 1);
        }

        var order = new int[dimension];
        double total = 0;
        for (int c = 0; c < clusterCount; c++)
        {
            Span<float> centre = _centres.AsSpan(c * dimension, dimension);
            for (int d = 0; d < dimension; d++)
            {
                centre[d] = (float)Gaussian();
            }

            for (int d = 0; d < dimension; d++)
            {
                order[d] = d;
            }

            _random.Shuffle(order);
            double clusterScale = spread * (0.5 + _random.NextDouble()) * Math.Sqrt(dimension / harmonic);
            for (int j = 0; j < dimension; j++)
            {
                _deviations[(c * dimension) + order[j]] = (float)(clusterScale / Math.Sqrt(j + 1));
            }

            total += 0.5 + _random.NextDouble();
            _cumulativeWeights[c] = total;
        }

        for (int c = 0; c < clusterCount; c++)
        {
            _cumulativeWeights[c] /= total;
        }
    }

    /// <summary>Number of mixture components.</summary>
    public int ClusterCount { get; }

    /// <summary>A generator with √<paramref name="count"/> clusters, the benchmark's default for a data set of <paramref name="count"/> vectors.</summary>
    public static ClusteredVectorGenerator ForCount(int count, int dimension, int seed = 42) =>
        new(dimension, Math.Max(1, (int)Math.Round(Math.Sqrt(count))), seed);

    /// <summary>The next <paramref name="count"/> vectors, row-major (<c>count × dimension</c> values).</summary>
    public float[] Next(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var rows = new float[checked(count * _dimension)];
        for (int i = 0; i < count; i++)
        {
            int cluster = Array.BinarySearch(_cumulativeWeights, _random.NextDouble());
            cluster = Math.Min(cluster < 0 ? ~cluster : cluster, ClusterCount - 1);
            Span<float> row = rows.AsSpan(i * _dimension, _dimension);
            ReadOnlySpan<float> centre = _centres.AsSpan(cluster * _dimension, _dimension);
            ReadOnlySpan<float> deviation = _deviations.AsSpan(cluster * _dimension, _dimension);
            for (int d = 0; d < _dimension; d++)
            {
                row[d] = centre[d] + (deviation[d] * (float)Gaussian());
            }
        }

        return rows;
    }

    /// <summary>A standard normal draw (Box–Muller, both values of each pair used).</summary>
    private double Gaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u = 1.0 - _random.NextDouble();
        double v = _random.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u));
        (double sin, double cos) = Math.SinCos(2.0 * Math.PI * v);
        _spare = radius * sin;
        _hasSpare = true;
        return radius * cos;
    }
}
