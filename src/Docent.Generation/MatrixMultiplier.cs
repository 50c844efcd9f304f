using System.Runtime.CompilerServices;

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

    // The products being run (valid only during Multiply/MultiplyBatch/MultiplyShared, which block until every share is done).
    private readonly Product[] _single = new Product[1];
    private readonly Product[] _pair = new Product[2];
    private readonly Product[] _triple = new Product[3];
    private Product[]? _products;
    private float* _x;
    private byte* _preparedPointer;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    /// <summary>
    /// Runs <paramref name="body"/>(c) for every chunk c below <paramref name="chunks"/> on this multiplier's threads (the
    /// caller's and its workers, which are spinning between products anyway: a second pool would compete with them for
    /// the cores); returns when all are done. Not re-entrant.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RunChunks(int chunks, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (_pool is null || chunks <= 1)
        {
            for (var c = 0; c < chunks; c++)
            {
                body(c);
            }
        }
        else
        {
            _pool.Run(chunks, body);
        }
    }

    public void Dispose()
    {
        _pool?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Prepares the input(s) once, then runs the row shares; <paramref name="count"/> 0 means a single vector.</summary>
    /// <summary>
    /// <c>outputs[m] = ws[m] · x</c> for two or three matrices that read the same input (a layer's query, key and value,
    /// or its gate and up projections) in one pass of the threads: one wait instead of one per matrix. <paramref name="count"/>
    /// as in <see cref="MultiplyBatch"/> (0: a single vector).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MultiplyShared(ReadOnlySpan<float> x, int count, WeightMatrix a, Span<float> outputA, WeightMatrix b, Span<float> outputB, WeightMatrix? c = null, Span<float> outputC = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var vectors = Math.Max(count, 1);
        if (b.Columns != a.Columns || (c is not null && c.Columns != a.Columns))
        {
            throw new ArgumentException("Matrices multiplied together must read inputs of one width.");
        }

        fixed (float* pa = outputA[..(a.Rows * vectors)])
        fixed (float* pb = outputB[..(b.Rows * vectors)])
        fixed (float* pc = c is null ? default : outputC[..(c.Rows * vectors)])
        {
            var products = c is null ? _pair : _triple;
            products[0] = new Product(a, pa);
            products[1] = new Product(b, pb);
            if (c is not null)
            {
                products[2] = new Product(c, pc);
            }

            Run(products, x[..(a.Columns * vectors)], count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run(WeightMatrix w, ReadOnlySpan<float> x, int count, Span<float> output)
    {
        fixed (float* op = output)
        {
            _single[0] = new Product(w, op);
            Run(_single, x, count);
        }
    }

    /// <summary>Prepares each matrix's input once, cuts every matrix into row shares, and runs all the shares in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run(Product[] products, ReadOnlySpan<float> x, int count)
    {
        var vectors = Math.Max(count, 1);
        var total = 0;
        foreach (var product in products)
        {
            total += product.Matrix.PreparedInputBytes * vectors;
        }

        if (_prepared.Length < total)
        {
            _prepared = GC.AllocateUninitializedArray<byte>(total, pinned: true);
        }

        var offset = 0;
        var shares = 0;
        for (var m = 0; m < products.Length; m++)
        {
            var w = products[m].Matrix;
            var each = w.PreparedInputBytes;
            for (var v = 0; v < vectors && each > 0; v++)
            {
                w.PrepareInput(x.Slice(v * w.Columns, w.Columns), _prepared.AsSpan(offset + (v * each), each));
            }

            products[m] = products[m] with
            {
                PreparedOffset = offset,
                FirstShare = shares,
                Shares = _pool is null ? 1 : Math.Clamp(w.Rows / MinimumRowsPerChunk, 1, ThreadCount * ChunksPerThread),
            };
            offset += each * vectors;
            shares += products[m].Shares;
        }

        fixed (float* xp = x)
        fixed (byte* pp = _prepared)
        {
            _products = products;
            _x = xp;
            _preparedPointer = pp;
            _count = count;
            _shares = shares;
            try
            {
                if (shares == 1)
                {
                    RunShare(0);
                }
                else if (_pool is null)
                {
                    for (var share = 0; share < shares; share++)
                    {
                        RunShare(share);
                    }
                }
                else
                {
                    _pool.Run(shares, _work);
                }
            }
            finally
            {
                _products = null;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunShare(int share)
    {
        if (share >= _shares)
        {
            return;
        }

        var products = _products!;
        var m = 0;
        while (share >= products[m].FirstShare + products[m].Shares)
        {
            m++;
        }

        var product = products[m];
        var w = product.Matrix;
        var local = share - product.FirstShare;
        var start = (int)((long)w.Rows * local / product.Shares);
        var end = (int)((long)w.Rows * (local + 1) / product.Shares);
        if (end <= start)
        {
            return;
        }

        var each = w.PreparedInputBytes;
        var prepared = _preparedPointer + product.PreparedOffset;
        if (_count == 0)
        {
            var x = new ReadOnlySpan<float>(_x, w.Columns);
            var output = new Span<float>(product.Output + start, end - start);
            if (each > 0)
            {
                w.MultiplyRowsPrepared(x, new ReadOnlySpan<byte>(prepared, each), output, start);
            }
            else
            {
                w.MultiplyRows(x, output, start);
            }
        }
        else
        {
            var xs = new ReadOnlySpan<float>(_x, w.Columns * _count);
            var outputs = new Span<float>(product.Output, w.Rows * _count);
            if (each > 0)
            {
                w.MultiplyRowsBatchPrepared(xs, new ReadOnlySpan<byte>(prepared, each * _count), _count, outputs, start, end - start);
            }
            else
            {
                w.MultiplyRowsBatch(xs, _count, outputs, start, end - start);
            }
        }
    }

    /// <summary>One matrix of a pass: where its output and prepared input are, and which shares are its rows.</summary>
    private readonly struct Product(WeightMatrix matrix, float* output)
    {
        public WeightMatrix Matrix { get; } = matrix;

        public float* Output { get; } = output;

        public int PreparedOffset { get; init; }

        public int FirstShare { get; init; }

        public int Shares { get; init; }
    }
}
