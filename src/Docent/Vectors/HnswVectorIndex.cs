using System.Collections.Concurrent;
using Docent.Retrieval;

namespace Docent.Vectors;

/// <summary>
/// Our approximate nearest-neighbour index: a Hierarchical Navigable Small World graph (Malkov &amp; Yashunin 2018,
/// "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable Small World graphs").
/// Written here because no .NET ANN package is available; hnswlib is the peer it is measured against.
/// <para>
/// Each node draws its top level from <c>⌊−ln(U) · mL⌋</c>, <c>mL = 1/ln(M)</c> (fixed seed). Insertion
/// descends greedily to the node's level, then on each lower level searches with <c>efConstruction</c>
/// candidates, keeps <c>M</c> of them with the paper's neighbour-selection heuristic (Algorithm 4: a candidate
/// is kept only when it is closer to the new node than to every neighbour kept before it), links both ways,
/// and shrinks a neighbour's list with the same heuristic when it exceeds <c>M</c> (<c>2M</c> on level 0).
/// Search descends greedily and explores level 0 with <c>ef</c> candidates.
/// </para>
/// <para>
/// Layout: nodes have dense ids mapped to and from chunk keys; level-0 neighbour lists (count, then up to 2M
/// ids) are fixed-size records of one native buffer (<see cref="Level0Store"/>), and for float32 each record also
/// holds the node's vector (normalised on add for cosine), as hnswlib lays out level 0, so visiting a node reads
/// one region; int8 indexes keep their float32 rows in a separate array (or the mapped file). Upper levels have
/// one small array per node. Removal tombstones a node: it stays
/// in the graph for traversal (keeping it connected) and is never returned; replacing a key tombstones the old
/// node and inserts a new one; <see cref="DeletedCount"/> tells when a rebuild would pay. With
/// <see cref="VectorQuantization.Int8"/>, traversal compares the float32 query with per-dimension int8 codes
/// (<see cref="ScalarQuantizer"/>: a quarter of the memory traversal reads), new nodes choose their neighbours
/// with float32 distances, and the final candidates are re-ranked with float32 vectors, so scores are exact; a
/// loaded int8 index reads those float32 vectors from the memory-mapped file. An outlier far outside the data
/// widens its dimensions' ranges and so coarsens traversal for every vector (re-ranking keeps results exact).
/// </para>
/// <para>
/// Search prefetches the visited stamps of a node's neighbours, then the rows of the unvisited ones before
/// computing their distances, and the list of each node it queues as a candidate; visited sets,
/// queues and query buffers are pooled per index, so a search allocates only its result.
/// </para>
/// Thread-safety: a <see cref="ReaderWriterLockSlim"/> allows many concurrent searches or one writer.
/// <see cref="UpsertBatch"/> may insert on several threads (per-node locks, as hnswlib does); the graph then
/// depends on thread timing, while one thread gives the same graph for the same inserts.
/// </summary>
public sealed partial class HnswVectorIndex : IVectorIndex, IDisposable
{
    private const int LockStripes = 1 << 12;
    private const int MaxLevel = 30;

    private readonly int _dimension;
    private readonly VectorMetric _metric;
    private readonly string _modelId;
    private readonly HnswOptions _options;
    private readonly int _maxLinks;
    private readonly int _maxLinks0;
    private readonly int _stride0;
    private readonly int _upperStride;
    private readonly double _levelMultiplier;
    private readonly SpaceKind _kind;
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly object[] _nodeLocks;
    private readonly object _entryLock = new();
    private readonly ConcurrentBag<HnswSearchContext> _contexts = [];
    private readonly Dictionary<long, int> _ids = [];
    private readonly ScalarQuantizer? _quantizer;
    private readonly Level0Store _level0;
    private Random _random;

    // Nodes, by dense id.
    private int _nodeCount;
    private int _capacity;
    private int _liveCount;
    private int _deletedCount;
    private float[] _vectors = [];
    private MappedFloatRows? _mappedRows;
    private int _mappedCount;
    private sbyte[] _codes = [];
    private long[] _keys = [];
    private byte[] _levels = [];
    private int[]?[] _upperLinks = [];
    private ulong[] _deleted = [];
    private int _entryPoint = -1;
    private int _topLevel = -1;
    private bool _disposed;

    /// <summary>Creates an empty index for <paramref name="dimension"/>-component vectors of <paramref name="modelId"/>.</summary>
    public HnswVectorIndex(int dimension, VectorMetric metric, string modelId, HnswOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, 65_536);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        }

        this._options = options?.Clone() ?? new HnswOptions();
        this._options.Validate();
        this._dimension = dimension;
        this._metric = metric;
        this._modelId = modelId;
        _maxLinks = this._options.M;
        _maxLinks0 = 2 * this._options.M;
        _stride0 = _maxLinks0 + 1;
        _upperStride = _maxLinks + 1;
        _levelMultiplier = 1 / Math.Log(this._options.M);
        _random = new Random(this._options.Seed);
        _nodeLocks = new object[LockStripes];
        for (int i = 0; i < _nodeLocks.Length; i++)
        {
            _nodeLocks[i] = new object();
        }

        bool int8 = this._options.Quantization == VectorQuantization.Int8;
        _quantizer = int8 ? new ScalarQuantizer(dimension) : null;
        _level0 = new Level0Store(_stride0, dimension, inlineRows: !int8);
        _kind = (metric == VectorMetric.L2, int8) switch
        {
            (false, false) => SpaceKind.FloatDot,
            (true, false) => SpaceKind.FloatL2,
            (false, true) => SpaceKind.Int8Dot,
            (true, true) => SpaceKind.Int8L2,
        };
    }

    private enum SpaceKind
    {
        FloatDot,
        FloatL2,
        Int8Dot,
        Int8L2,
    }

    /// <inheritdoc />
    public int Dimension => _dimension;

    /// <inheritdoc />
    public VectorMetric Metric => _metric;

    /// <inheritdoc />
    public string ModelId => _modelId;

    /// <summary>A copy of the index's settings.</summary>
    public HnswOptions Options => _options.Clone();

    /// <inheritdoc />
    public int Count => Volatile.Read(ref _liveCount);

    /// <summary>Tombstoned nodes still in the graph (removed or replaced vectors); rebuild when this grows large.</summary>
    public int DeletedCount => Volatile.Read(ref _deletedCount);

    private bool Quantized => _quantizer is not null;

    /// <inheritdoc />
    public void Upsert(long key, ReadOnlySpan<float> vector) => UpsertBatch([key], vector);

    /// <summary>
    /// Adds or replaces many vectors (<paramref name="vectors"/> is row-major, one row per key; a key repeated in
    /// the batch keeps its last row). With <paramref name="maxDegreeOfParallelism"/> above 1 the graph links are
    /// built on that many threads. On cancellation the rows not yet linked are left out (their keys absent).
    /// </summary>
    public void UpsertBatch(ReadOnlySpan<long> keys, ReadOnlySpan<float> vectors, int maxDegreeOfParallelism = 1, CancellationToken cancellationToken = default)
    {
        if ((long)keys.Length * _dimension != vectors.Length)
        {
            throw new ArgumentException($"Expected {keys.Length} vectors of dimension {_dimension} ({(long)keys.Length * _dimension} values), got {vectors.Length} values.", nameof(vectors));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        EnsureFinite(vectors);
        if (keys.IsEmpty)
        {
            return;
        }

        _gate.EnterWriteLock();
        try
        {
            int start = Append(keys, vectors);
            InsertRange(start, _nodeCount, maxDegreeOfParallelism, cancellationToken);
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
            if (!_ids.TryGetValue(key, out int id))
            {
                return false;
            }

            Kill(id);
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
            return _ids.ContainsKey(key);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Bytes held, by part.</summary>
    public VectorIndexMemory GetMemoryUsage()
    {
        _gate.EnterReadLock();
        try
        {
            long inlineRows = _level0.InlineRows ? (long)_level0.Capacity * _dimension * sizeof(float) : 0;
            long graph = _level0.Bytes - inlineRows + _levels.Length + ((long)_upperLinks.Length * IntPtr.Size);
            for (int id = 0; id < _nodeCount; id++)
            {
                if (_upperLinks[id] is { } upper)
                {
                    graph += ((long)upper.Length * sizeof(int)) + 24;
                }
            }

            // Dictionary<long, int> entries take 24 bytes plus a 4-byte bucket.
            long keyBytes = ((long)_keys.Length * sizeof(long)) + ((long)_deleted.Length * sizeof(ulong)) + (28L * _ids.Count);
            long quantized = Quantized ? _codes.LongLength + _quantizer!.Bytes : 0;
            return new VectorIndexMemory(((long)_vectors.Length * sizeof(float)) + inlineRows, _mappedRows?.Bytes ?? 0, quantized, graph, keyBytes);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Releases the graph's native level-0 buffer and the memory-mapped vectors (waiting for running searches) and the lock.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _gate.EnterWriteLock();
        try
        {
            _mappedRows?.Dispose();
            _level0.Dispose();
        }
        finally
        {
            _gate.ExitWriteLock();
        }

        _gate.Dispose();
    }

    private static void EnsureFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"Vector component {i} is not a finite number ({values[i]}).", nameof(values));
            }
        }
    }

    /// <summary>A node's float32 row: from the mapped file for nodes loaded with mapping, else from the heap array.</summary>
    private ReadOnlySpan<float> Row(int id) =>
        _level0.InlineRows ? _level0.Row(id) : id < _mappedCount ? _mappedRows!.Row(id) : new(_vectors, (id - _mappedCount) * _dimension, _dimension);

    private Span<float> WritableRow(int id) => _level0.InlineRows ? _level0.Row(id) : _vectors.AsSpan((id - _mappedCount) * _dimension, _dimension);

    private bool IsDeleted(int id) => (_deleted[id >> 6] & (1UL << id)) != 0;

    /// <summary>Tombstones a live node. Caller holds the write lock.</summary>
    private void Kill(int id)
    {
        _deleted[id >> 6] |= 1UL << id;
        _ids.Remove(_keys[id]);
        _deletedCount++;
        _liveCount--;
    }

    /// <summary>
    /// Stores the batch's rows as new, unlinked nodes (replacing earlier nodes of the same keys) and returns the
    /// first new id. Caller holds the write lock.
    /// </summary>
    private int Append(ReadOnlySpan<long> batchKeys, ReadOnlySpan<float> rows)
    {
        Dictionary<long, int>? last = null;
        if (batchKeys.Length > 1)
        {
            last = new Dictionary<long, int>(batchKeys.Length);
            for (int i = 0; i < batchKeys.Length; i++)
            {
                last[batchKeys[i]] = i;
            }
        }

        int added = last?.Count ?? 1;
        EnsureCapacity(_nodeCount + added);
        int start = _nodeCount;
        for (int i = 0; i < batchKeys.Length; i++)
        {
            long key = batchKeys[i];
            if (last is not null && last[key] != i)
            {
                continue;
            }

            if (_ids.TryGetValue(key, out int old))
            {
                Kill(old);
            }

            int id = _nodeCount++;
            Span<float> row = WritableRow(id);
            rows.Slice(i * _dimension, _dimension).CopyTo(row);
            if (_metric == VectorMetric.Cosine)
            {
                VectorKernels.Normalize(row);
            }

            _keys[id] = key;
            int level = Math.Min((int)(-Math.Log(1 - _random.NextDouble()) * _levelMultiplier), MaxLevel);
            _levels[id] = (byte)level;
            _upperLinks[id] = level > 0 ? new int[level * _upperStride] : null;
            _level0.Slot(id)[0] = 0;
            _ids[key] = id;
            _liveCount++;
        }

        if (_quantizer is not null)
        {
            Encode(start);
        }

        return start;
    }

    /// <summary>Widens the quantiser to the new rows (re-encoding changed dimensions of older rows) and encodes them.</summary>
    private void Encode(int start)
    {
        var changed = new bool[_dimension];
        if (_quantizer!.Widen(_vectors.AsSpan((start - _mappedCount) * _dimension, (_nodeCount - start) * _dimension), changed))
        {
            // One pass over the older rows (they may be memory-mapped), re-encoding the dimensions that grew.
            int[] grown = Enumerable.Range(0, _dimension).Where(d => changed[d]).ToArray();
            for (int id = 0; id < start; id++)
            {
                ReadOnlySpan<float> row = Row(id);
                Span<sbyte> rowCodes = _codes.AsSpan(id * _dimension, _dimension);
                foreach (int d in grown)
                {
                    rowCodes[d] = _quantizer.Encode(d, row[d]);
                }
            }
        }

        for (int id = start; id < _nodeCount; id++)
        {
            _quantizer.Encode(Row(id), _codes.AsSpan(id * _dimension, _dimension));
        }
    }

    private void EnsureCapacity(int needed)
    {
        // Heap rows grow on their own: after loading with mapped vectors they hold only the nodes added since.
        int rows = needed - _mappedCount;
        if (!_level0.InlineRows && (long)rows * _dimension > _vectors.Length)
        {
            long next = Math.Min(Math.Max(rows, Math.Max(16L, 2L * _vectors.Length / _dimension)), Array.MaxLength / _dimension);
            Array.Resize(ref _vectors, (int)next * _dimension);
        }

        if (needed <= _capacity)
        {
            return;
        }

        int nextCapacity = (int)Math.Min(Math.Max(needed, Math.Max(16L, _capacity * 2L)), Math.Min(_level0.MaxCapacity, Array.MaxLength / _dimension));
        if (nextCapacity < needed)
        {
            throw new InvalidOperationException($"The index cannot hold more than {nextCapacity} vectors of dimension {_dimension}.");
        }

        if (Quantized)
        {
            Array.Resize(ref _codes, nextCapacity * _dimension);
        }

        Array.Resize(ref _keys, nextCapacity);
        Array.Resize(ref _levels, nextCapacity);
        _level0.Resize(nextCapacity, _nodeCount);
        Array.Resize(ref _upperLinks, nextCapacity);
        Array.Resize(ref _deleted, (nextCapacity + 63) >> 6);
        _capacity = nextCapacity;
    }

    private HnswSearchContext Rent()
    {
        if (!_contexts.TryTake(out var context))
        {
            context = new HnswSearchContext(_dimension, _maxLinks0);
        }

        return context;
    }

    private void Return(HnswSearchContext context) => _contexts.Add(context);

    /// <summary>Exact float32 distance between two stored rows (lower is closer).</summary>
    private float RowDistance(int a, int b) => FloatDistance(Row(a), Row(b));

    private float FloatDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        _metric == VectorMetric.L2 ? VectorKernels.SquaredL2(a, b) : -VectorKernels.Dot(a, b);

    /// <summary>The neighbour list of <paramref name="id"/> on <paramref name="level"/>: a copy taken under the node's lock when inserting in parallel.</summary>
    private ReadOnlySpan<int> Neighbors(int id, int level, HnswSearchContext context, bool concurrent)
    {
        Span<int> slot = Slot(id, level);
        if (!concurrent)
        {
            return slot.Slice(1, slot[0]);
        }

        lock (_nodeLocks[id & (LockStripes - 1)])
        {
            int count = slot[0];
            slot.Slice(1, count).CopyTo(context.Links);
            return new ReadOnlySpan<int>(context.Links, 0, count);
        }
    }

    /// <summary>The slot of <paramref name="id"/>'s list on <paramref name="level"/>: the count, then room for the ids.</summary>
    private Span<int> Slot(int id, int level) =>
        level == 0 ? _level0.Slot(id) : _upperLinks[id].AsSpan((level - 1) * _upperStride, _upperStride);
}
