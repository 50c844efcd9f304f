using Docent.Retrieval;

namespace Docent.Vectors;

/// <summary>
/// Exact nearest-neighbour search: every query is compared with every stored vector (SIMD kernels over one
/// contiguous row-major float32 array) and the best are kept in a small heap. The oracle that approximate
/// indexes are measured against, and the right choice for small collections. Removal moves the last row into
/// the freed slot, so the array stays dense.
/// Thread-safety: a <see cref="ReaderWriterLockSlim"/> allows many concurrent searches or one writer.
/// </summary>
public sealed partial class FlatVectorIndex : IVectorIndex, IDisposable
{
    /// <summary>How many rows a search compares between two looks at its cancellation token.</summary>
    internal const int CancellationCheckRows = 1024;

    private readonly int _dimension;
    private readonly VectorMetric _metric;
    private readonly string _modelId;
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<long, int> _rows = [];
    private float[] _vectors = [];
    private long[] _keys = [];
    private int _count;

    /// <summary>Creates an empty index for <paramref name="dimension"/>-component vectors of <paramref name="modelId"/>.</summary>
    public FlatVectorIndex(int dimension, VectorMetric metric, string modelId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, 65_536);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        }

        this._dimension = dimension;
        this._metric = metric;
        this._modelId = modelId;
    }

    /// <inheritdoc />
    public int Dimension => _dimension;

    /// <inheritdoc />
    public VectorMetric Metric => _metric;

    /// <inheritdoc />
    public string ModelId => _modelId;

    /// <inheritdoc />
    public int Count => Volatile.Read(ref _count);

    /// <inheritdoc />
    public void Upsert(long key, ReadOnlySpan<float> vector) => UpsertBatch([key], vector);

    /// <summary>Adds or replaces many vectors (<paramref name="vectors"/> row-major, one row per key; a repeated key keeps its last row).</summary>
    public void UpsertBatch(ReadOnlySpan<long> keys, ReadOnlySpan<float> vectors)
    {
        if ((long)keys.Length * _dimension != vectors.Length)
        {
            throw new ArgumentException($"Expected {keys.Length} vectors of dimension {_dimension} ({(long)keys.Length * _dimension} values), got {vectors.Length} values.", nameof(vectors));
        }

        for (int i = 0; i < vectors.Length; i++)
        {
            if (!float.IsFinite(vectors[i]))
            {
                throw new ArgumentException($"Vector component {i} is not a finite number ({vectors[i]}).", nameof(vectors));
            }
        }

        _gate.EnterWriteLock();
        try
        {
            EnsureCapacity(_count + keys.Length);
            for (int i = 0; i < keys.Length; i++)
            {
                if (!_rows.TryGetValue(keys[i], out int row))
                {
                    row = _count++;
                    _rows[keys[i]] = row;
                    this._keys[row] = keys[i];
                }

                Span<float> target = this._vectors.AsSpan(row * _dimension, _dimension);
                vectors.Slice(i * _dimension, _dimension).CopyTo(target);
                if (_metric == VectorMetric.Cosine)
                {
                    VectorKernels.Normalize(target);
                }
            }
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public bool Remove(long key)
    {
        _gate.EnterWriteLock();
        try
        {
            if (!_rows.Remove(key, out int row))
            {
                return false;
            }

            int last = --_count;
            if (row != last)
            {
                _vectors.AsSpan(last * _dimension, _dimension).CopyTo(_vectors.AsSpan(row * _dimension, _dimension));
                _keys[row] = _keys[last];
                _rows[_keys[row]] = row;
            }

            return true;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public bool Contains(long key)
    {
        _gate.EnterReadLock();
        try
        {
            return _rows.ContainsKey(key);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Exact: <see cref="VectorSearchOptions.SearchBreadth"/> is ignored. Equal scores rank the lower key first. The
    /// token is checked every <see cref="CancellationCheckRows"/> rows.
    /// </remarks>
    public IReadOnlyList<ScoredKey> Search(ReadOnlySpan<float> query, VectorSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (query.Length != _dimension)
        {
            throw new ArgumentException($"The query has {query.Length} components; the index holds vectors of dimension {_dimension}.", nameof(query));
        }

        options?.Validate();
        int top = options?.Top ?? new VectorSearchOptions().Top;
        if (top == 0)
        {
            return [];
        }

        float[] normalized = query.ToArray();
        if (_metric == VectorMetric.Cosine)
        {
            VectorKernels.Normalize(normalized);
        }

        Func<long, bool>? filter = options?.Filter;
        _gate.EnterReadLock();
        try
        {
            // Worst kept result on top; distance is the negated score, ties broken towards the lower key.
            var heap = new PriorityQueue<long, (float Distance, long Key)>(Math.Min(top, _count) + 1, WorstFirst.Instance);
            for (int row = 0; row < _count; row++)
            {
                if (row % CancellationCheckRows == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                long key = _keys[row];
                if (filter is not null && !filter(key))
                {
                    continue;
                }

                ReadOnlySpan<float> vector = new(_vectors, row * _dimension, _dimension);
                float distance = _metric == VectorMetric.L2 ? VectorKernels.SquaredL2(normalized, vector) : -VectorKernels.Dot(normalized, vector);
                Offer(heap, top, distance, key);
            }

            return Drain(heap);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// The exact <paramref name="top"/> of many queries (<paramref name="queries"/> row-major): the same results as
    /// calling <see cref="Search"/> for each, computed in blocks of queries so each stored row is read from memory
    /// once per block instead of once per query, on up to <paramref name="maxDegreeOfParallelism"/> threads.
    /// </summary>
    public IReadOnlyList<ScoredKey>[] SearchBatch(ReadOnlySpan<float> queries, int top, int maxDegreeOfParallelism = 1, CancellationToken cancellationToken = default)
    {
        if (queries.Length % _dimension != 0)
        {
            throw new ArgumentException($"The queries' length {queries.Length} is not a multiple of the dimension {_dimension}.", nameof(queries));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        int queryCount = queries.Length / _dimension;
        float[] prepared = queries.ToArray();
        for (int q = 0; q < queryCount; q++)
        {
            if (_metric == VectorMetric.Cosine)
            {
                VectorKernels.Normalize(prepared.AsSpan(q * _dimension, _dimension));
            }
        }

        var results = new IReadOnlyList<ScoredKey>[queryCount];
        const int Block = 16;
        _gate.EnterReadLock();
        try
        {
            int blocks = (queryCount + Block - 1) / Block;
            Parallel.For(
                0,
                blocks,
                new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken },
                block =>
                {
                    int first = block * Block;
                    int size = Math.Min(Block, queryCount - first);
                    var heaps = new PriorityQueue<long, (float Distance, long Key)>[size];
                    for (int k = 0; k < size; k++)
                    {
                        heaps[k] = new PriorityQueue<long, (float Distance, long Key)>(Math.Min(top, _count) + 1, WorstFirst.Instance);
                    }

                    for (int row = 0; row < _count && top > 0; row++)
                    {
                        ReadOnlySpan<float> vector = new(_vectors, row * _dimension, _dimension);
                        long key = _keys[row];
                        for (int k = 0; k < size; k++)
                        {
                            ReadOnlySpan<float> query = new(prepared, (first + k) * _dimension, _dimension);
                            float distance = _metric == VectorMetric.L2 ? VectorKernels.SquaredL2(query, vector) : -VectorKernels.Dot(query, vector);
                            Offer(heaps[k], top, distance, key);
                        }
                    }

                    for (int k = 0; k < size; k++)
                    {
                        results[first + k] = Drain(heaps[k]);
                    }
                });
        }
        finally
        {
            _gate.ExitReadLock();
        }

        return results;
    }

    /// <summary>Bytes held, by part.</summary>
    public VectorIndexMemory GetMemoryUsage()
    {
        _gate.EnterReadLock();
        try
        {
            return new VectorIndexMemory((long)_vectors.Length * sizeof(float), 0, 0, 0, ((long)_keys.Length * sizeof(long)) + (28L * _rows.Count));
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _gate.Dispose();

    private static void Offer(PriorityQueue<long, (float Distance, long Key)> heap, int top, float distance, long key)
    {
        if (heap.Count < top)
        {
            heap.Enqueue(key, (distance, key));
        }
        else if (heap.TryPeek(out _, out var worst) && (distance < worst.Distance || (distance == worst.Distance && key < worst.Key)))
        {
            heap.DequeueEnqueue(key, (distance, key));
        }
    }

    private static ScoredKey[] Drain(PriorityQueue<long, (float Distance, long Key)> heap)
    {
        var hits = new ScoredKey[heap.Count];
        for (int i = hits.Length - 1; i >= 0; i--)
        {
            heap.TryDequeue(out long key, out var entry);
            hits[i] = new ScoredKey(key, -entry.Distance);
        }

        return hits;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed * (long)_dimension > Array.MaxLength)
        {
            throw new InvalidOperationException($"The index cannot hold {needed} vectors of dimension {_dimension}.");
        }

        if (needed <= _keys.Length)
        {
            return;
        }

        int next = (int)Math.Min(Math.Max(needed, Math.Max(16L, _keys.Length * 2L)), Array.MaxLength / _dimension);
        Array.Resize(ref _vectors, next * _dimension);
        Array.Resize(ref _keys, next);
    }

    /// <summary>Orders heap entries so that the worst (largest distance, then largest key) comes out first.</summary>
    private sealed class WorstFirst : IComparer<(float Distance, long Key)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((float Distance, long Key) x, (float Distance, long Key) y) =>
            x.Distance != y.Distance ? y.Distance.CompareTo(x.Distance) : y.Key.CompareTo(x.Key);
    }
}
