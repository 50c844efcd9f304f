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
/// Layout: nodes have dense ids mapped to and from chunk keys; float32 vectors are one contiguous row-major
/// array (normalised on add for cosine); level-0 neighbour lists are one array of fixed-size slots
/// (count, then up to 2M ids); upper levels have one small array per node. Removal tombstones a node: it stays
/// in the graph for traversal (keeping it connected) and is never returned; replacing a key tombstones the old
/// node and inserts a new one; <see cref="DeletedCount"/> tells when a rebuild would pay. With
/// <see cref="VectorQuantization.Int8"/>, traversal compares the float32 query with per-dimension int8 codes
/// (<see cref="ScalarQuantizer"/>: a quarter of the memory traversal reads), new nodes choose their neighbours
/// with float32 distances, and the final candidates are re-ranked with float32 vectors, so scores are exact; a
/// loaded int8 index reads those float32 vectors from the memory-mapped file. An outlier far outside the data
/// widens its dimensions' ranges and so coarsens traversal for every vector (re-ranking keeps results exact).
/// </para>
/// <para>
/// Search prefetches the rows of a node's unvisited neighbours before computing their distances; visited sets,
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

    private readonly int dimension;
    private readonly VectorMetric metric;
    private readonly string modelId;
    private readonly HnswOptions options;
    private readonly int maxLinks;
    private readonly int maxLinks0;
    private readonly int stride0;
    private readonly int upperStride;
    private readonly double levelMultiplier;
    private readonly SpaceKind kind;
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);
    private readonly object[] nodeLocks;
    private readonly object entryLock = new();
    private readonly ConcurrentBag<HnswSearchContext> contexts = [];
    private readonly Dictionary<long, int> ids = [];
    private readonly ScalarQuantizer? quantizer;
    private Random random;

    // Nodes, by dense id.
    private int nodeCount;
    private int capacity;
    private int liveCount;
    private int deletedCount;
    private float[] vectors = [];
    private MappedFloatRows? mappedRows;
    private int mappedCount;
    private sbyte[] codes = [];
    private long[] keys = [];
    private byte[] levels = [];
    private int[] links0 = [];
    private int[]?[] upperLinks = [];
    private ulong[] deleted = [];
    private int entryPoint = -1;
    private int topLevel = -1;

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

        this.options = options?.Clone() ?? new HnswOptions();
        this.options.Validate();
        this.dimension = dimension;
        this.metric = metric;
        this.modelId = modelId;
        maxLinks = this.options.M;
        maxLinks0 = 2 * this.options.M;
        stride0 = maxLinks0 + 1;
        upperStride = maxLinks + 1;
        levelMultiplier = 1 / Math.Log(this.options.M);
        random = new Random(this.options.Seed);
        nodeLocks = new object[LockStripes];
        for (int i = 0; i < nodeLocks.Length; i++)
        {
            nodeLocks[i] = new object();
        }

        bool int8 = this.options.Quantization == VectorQuantization.Int8;
        quantizer = int8 ? new ScalarQuantizer(dimension) : null;
        kind = (metric == VectorMetric.L2, int8) switch
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
    public int Dimension => dimension;

    /// <inheritdoc />
    public VectorMetric Metric => metric;

    /// <inheritdoc />
    public string ModelId => modelId;

    /// <summary>A copy of the index's settings.</summary>
    public HnswOptions Options => options.Clone();

    /// <inheritdoc />
    public int Count => Volatile.Read(ref liveCount);

    /// <summary>Tombstoned nodes still in the graph (removed or replaced vectors); rebuild when this grows large.</summary>
    public int DeletedCount => Volatile.Read(ref deletedCount);

    private bool Quantized => quantizer is not null;

    /// <inheritdoc />
    public void Upsert(long key, ReadOnlySpan<float> vector) => UpsertBatch([key], vector);

    /// <summary>
    /// Adds or replaces many vectors (<paramref name="vectors"/> is row-major, one row per key; a key repeated in
    /// the batch keeps its last row). With <paramref name="maxDegreeOfParallelism"/> above 1 the graph links are
    /// built on that many threads. On cancellation the rows not yet linked are left out (their keys absent).
    /// </summary>
    public void UpsertBatch(ReadOnlySpan<long> keys, ReadOnlySpan<float> vectors, int maxDegreeOfParallelism = 1, CancellationToken cancellationToken = default)
    {
        if ((long)keys.Length * dimension != vectors.Length)
        {
            throw new ArgumentException($"Expected {keys.Length} vectors of dimension {dimension} ({(long)keys.Length * dimension} values), got {vectors.Length} values.", nameof(vectors));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        EnsureFinite(vectors);
        if (keys.IsEmpty)
        {
            return;
        }

        gate.EnterWriteLock();
        try
        {
            int start = Append(keys, vectors);
            InsertRange(start, nodeCount, maxDegreeOfParallelism, cancellationToken);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public bool Remove(long key)
    {
        gate.EnterWriteLock();
        try
        {
            if (!ids.TryGetValue(key, out int id))
            {
                return false;
            }

            Kill(id);
            return true;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public bool Contains(long key)
    {
        gate.EnterReadLock();
        try
        {
            return ids.ContainsKey(key);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>Bytes held, by part.</summary>
    public VectorIndexMemory GetMemoryUsage()
    {
        gate.EnterReadLock();
        try
        {
            long graph = ((long)links0.Length * sizeof(int)) + levels.Length + ((long)upperLinks.Length * IntPtr.Size);
            for (int id = 0; id < nodeCount; id++)
            {
                if (upperLinks[id] is { } upper)
                {
                    graph += ((long)upper.Length * sizeof(int)) + 24;
                }
            }

            // Dictionary<long, int> entries take 24 bytes plus a 4-byte bucket.
            long keyBytes = ((long)keys.Length * sizeof(long)) + ((long)deleted.Length * sizeof(ulong)) + (28L * ids.Count);
            long quantized = Quantized ? codes.LongLength + quantizer!.Bytes : 0;
            return new VectorIndexMemory((long)vectors.Length * sizeof(float), mappedRows?.Bytes ?? 0, quantized, graph, keyBytes);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>Releases the memory-mapped vectors (waiting for running searches) and the lock.</summary>
    public void Dispose()
    {
        if (mappedRows is not null)
        {
            gate.EnterWriteLock();
            try
            {
                mappedRows.Dispose();
            }
            finally
            {
                gate.ExitWriteLock();
            }
        }

        gate.Dispose();
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
    private ReadOnlySpan<float> Row(int id) => id < mappedCount ? mappedRows!.Row(id) : new(vectors, (id - mappedCount) * dimension, dimension);

    private Span<float> WritableRow(int id) => vectors.AsSpan((id - mappedCount) * dimension, dimension);

    private bool IsDeleted(int id) => (deleted[id >> 6] & (1UL << id)) != 0;

    /// <summary>Tombstones a live node. Caller holds the write lock.</summary>
    private void Kill(int id)
    {
        deleted[id >> 6] |= 1UL << id;
        ids.Remove(keys[id]);
        deletedCount++;
        liveCount--;
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
        EnsureCapacity(nodeCount + added);
        int start = nodeCount;
        for (int i = 0; i < batchKeys.Length; i++)
        {
            long key = batchKeys[i];
            if (last is not null && last[key] != i)
            {
                continue;
            }

            if (ids.TryGetValue(key, out int old))
            {
                Kill(old);
            }

            int id = nodeCount++;
            Span<float> row = WritableRow(id);
            rows.Slice(i * dimension, dimension).CopyTo(row);
            if (metric == VectorMetric.Cosine)
            {
                VectorKernels.Normalize(row);
            }

            keys[id] = key;
            int level = Math.Min((int)(-Math.Log(1 - random.NextDouble()) * levelMultiplier), MaxLevel);
            levels[id] = (byte)level;
            upperLinks[id] = level > 0 ? new int[level * upperStride] : null;
            links0[id * stride0] = 0;
            ids[key] = id;
            liveCount++;
        }

        if (quantizer is not null)
        {
            Encode(start);
        }

        return start;
    }

    /// <summary>Widens the quantiser to the new rows (re-encoding changed dimensions of older rows) and encodes them.</summary>
    private void Encode(int start)
    {
        var changed = new bool[dimension];
        if (quantizer!.Widen(vectors.AsSpan((start - mappedCount) * dimension, (nodeCount - start) * dimension), changed))
        {
            // One pass over the older rows (they may be memory-mapped), re-encoding the dimensions that grew.
            int[] grown = Enumerable.Range(0, dimension).Where(d => changed[d]).ToArray();
            for (int id = 0; id < start; id++)
            {
                ReadOnlySpan<float> row = Row(id);
                Span<sbyte> rowCodes = codes.AsSpan(id * dimension, dimension);
                foreach (int d in grown)
                {
                    rowCodes[d] = quantizer.Encode(d, row[d]);
                }
            }
        }

        for (int id = start; id < nodeCount; id++)
        {
            quantizer.Encode(Row(id), codes.AsSpan(id * dimension, dimension));
        }
    }

    private void EnsureCapacity(int needed)
    {
        // Heap rows grow on their own: after loading with mapped vectors they hold only the nodes added since.
        int rows = needed - mappedCount;
        if ((long)rows * dimension > vectors.Length)
        {
            long next = Math.Min(Math.Max(rows, Math.Max(16L, 2L * vectors.Length / dimension)), Array.MaxLength / dimension);
            Array.Resize(ref vectors, (int)next * dimension);
        }

        if (needed <= capacity)
        {
            return;
        }

        int nextCapacity = (int)Math.Min(Math.Max(needed, Math.Max(16L, capacity * 2L)), Array.MaxLength / Math.Max(dimension, stride0));
        if (nextCapacity < needed)
        {
            throw new InvalidOperationException($"The index cannot hold more than {nextCapacity} vectors of dimension {dimension}.");
        }

        if (Quantized)
        {
            Array.Resize(ref codes, nextCapacity * dimension);
        }

        Array.Resize(ref keys, nextCapacity);
        Array.Resize(ref levels, nextCapacity);
        Array.Resize(ref links0, nextCapacity * stride0);
        Array.Resize(ref upperLinks, nextCapacity);
        Array.Resize(ref deleted, (nextCapacity + 63) >> 6);
        capacity = nextCapacity;
    }

    private HnswSearchContext Rent()
    {
        if (!contexts.TryTake(out var context))
        {
            context = new HnswSearchContext(dimension, maxLinks0);
        }

        return context;
    }

    private void Return(HnswSearchContext context) => contexts.Add(context);

    /// <summary>Exact float32 distance between two stored rows (lower is closer).</summary>
    private float RowDistance(int a, int b) => FloatDistance(Row(a), Row(b));

    private float FloatDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        metric == VectorMetric.L2 ? VectorKernels.SquaredL2(a, b) : -VectorKernels.Dot(a, b);

    /// <summary>The neighbour list of <paramref name="id"/> on <paramref name="level"/>: a copy taken under the node's lock when inserting in parallel.</summary>
    private ReadOnlySpan<int> Neighbors(int id, int level, HnswSearchContext context, bool concurrent)
    {
        int[] array;
        int at;
        if (level == 0)
        {
            array = links0;
            at = id * stride0;
        }
        else
        {
            array = upperLinks[id]!;
            at = (level - 1) * upperStride;
        }

        if (!concurrent)
        {
            return new ReadOnlySpan<int>(array, at + 1, array[at]);
        }

        lock (nodeLocks[id & (LockStripes - 1)])
        {
            int count = array[at];
            array.AsSpan(at + 1, count).CopyTo(context.Links);
            return new ReadOnlySpan<int>(context.Links, 0, count);
        }
    }

    /// <summary>The slot of <paramref name="id"/>'s list on <paramref name="level"/>: the array and the index of its count.</summary>
    private (int[] Array, int At) Slot(int id, int level) =>
        level == 0 ? (links0, id * stride0) : (upperLinks[id]!, (level - 1) * upperStride);
}
