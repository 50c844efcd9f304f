namespace Docent.Generation;

/// <summary>
/// Runs matrix-vector products, cutting a matrix's rows into contiguous chunks (four per thread) that the calling
/// thread and <see cref="ThreadCount"/> − 1 persistent workers claim as they go (see <see cref="MatrixWorkerPool"/>).
/// The input is prepared once per product (quantised for the block types) before the split. Each row is computed by
/// one thread with the same kernel whatever the thread count, so results do not depend on it. One instance serves one
/// model at a time: not thread-safe. Dispose it to stop its worker threads (an undisposed one stops them when
/// finalised).
/// </summary>
public sealed unsafe class MatrixMultiplier : IDisposable
{
    /// <summary>Chunks have at least this many rows (smaller products run on the calling thread alone).</summary>
    private const int MinimumRowsPerChunk = 16;

    /// <summary>Chunks per thread: enough for the threads to even out, few enough to keep claiming cheap.</summary>
    private const int ChunksPerThread = 4;

    private readonly MatrixWorkerPool? _pool;
    private readonly Action<int> _work;
    private byte[] _prepared = [];

    // The product being run (valid only during Multiply/MultiplyBatch, which block until every share is done).
    private WeightMatrix? _matrix;
    private float* _x;
    private byte* _preparedPointer;
    private float* _output;
    private int _count;
    private int _shares;

    /// <summary>Creates a multiplier using <paramref name="threadCount"/> threads (1: the calling thread only).</summary>
    public MatrixMultiplier(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threadCount);
        ThreadCount = threadCount;
        _work = RunShare;
        _pool = threadCount > 1 ? new MatrixWorkerPool(threadCount - 1) : null;
    }

    /// <summary>Stops the worker threads if <see cref="Dispose"/> was not called.</summary>
    ~MatrixMultiplier() => _pool?.Dispose();

    /// <summary>The number of threads a product uses.</summary>
    public int ThreadCount { get; }

    /// <summary><c>output = W x</c>; <paramref name="output"/> holds <c>W.Rows</c> floats.</summary>
    public void Multiply(WeightMatrix w, ReadOnlySpan<float> x, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(w);
        Run(w, x[..w.Columns], 0, output[..w.Rows]);
    }

    /// <summary><c>outputs[b] = W xs[b]</c> for <paramref name="count"/> vectors stored one after another.</summary>
    public void MultiplyBatch(WeightMatrix w, ReadOnlySpan<float> xs, int count, Span<float> outputs)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Run(w, xs[..(w.Columns * count)], count, outputs[..(w.Rows * count)]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _pool?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Prepares the input(s) once, then runs the row shares; <paramref name="count"/> 0 means a single vector.</summary>
    private void Run(WeightMatrix w, ReadOnlySpan<float> x, int count, Span<float> output)
    {
        var each = w.PreparedInputBytes;
        var vectors = Math.Max(count, 1);
        if (_prepared.Length < each * vectors)
        {
            _prepared = GC.AllocateUninitializedArray<byte>(each * vectors, pinned: true);
        }

        for (var v = 0; v < vectors && each > 0; v++)
        {
            w.PrepareInput(x.Slice(v * w.Columns, w.Columns), _prepared.AsSpan(v * each, each));
        }

        var shares = _pool is null ? 1 : Math.Clamp(w.Rows / MinimumRowsPerChunk, 1, ThreadCount * ChunksPerThread);
        fixed (float* xp = x)
        fixed (byte* pp = _prepared)
        fixed (float* op = output)
        {
            _matrix = w;
            _x = xp;
            _preparedPointer = pp;
            _output = op;
            _count = count;
            _shares = shares;
            try
            {
                if (shares == 1)
                {
                    RunShare(0);
                }
                else
                {
                    _pool!.Run(shares, _work);
                }
            }
            finally
            {
                _matrix = null;
            }
        }
    }

    /// <summary>Chunk <paramref name="share"/> of the rows: a contiguous range (whichever thread claims it).</summary>
    private void RunShare(int share)
    {
        if (share >= _shares)
        {
            return;
        }

        var w = _matrix!;
        var start = (int)((long)w.Rows * share / _shares);
        var end = (int)((long)w.Rows * (share + 1) / _shares);
        if (end <= start)
        {
            return;
        }

        var each = w.PreparedInputBytes;
        if (_count == 0)
        {
            var x = new ReadOnlySpan<float>(_x, w.Columns);
            var output = new Span<float>(_output + start, end - start);
            if (each > 0)
            {
                w.MultiplyRowsPrepared(x, new ReadOnlySpan<byte>(_preparedPointer, each), output, start);
            }
            else
            {
                w.MultiplyRows(x, output, start);
            }
        }
        else
        {
            var xs = new ReadOnlySpan<float>(_x, w.Columns * _count);
            var outputs = new Span<float>(_output, w.Rows * _count);
            if (each > 0)
            {
                w.MultiplyRowsBatchPrepared(xs, new ReadOnlySpan<byte>(_preparedPointer, each * _count), _count, outputs, start, end - start);
            }
            else
            {
                w.MultiplyRowsBatch(xs, _count, outputs, start, end - start);
            }
        }
    }
}
