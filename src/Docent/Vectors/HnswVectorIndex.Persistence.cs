using System.Runtime.InteropServices;
using Docent.FileFormats;
using Docent.Retrieval;
using Docent.Storage;

namespace Docent.Vectors;

/// <summary>
/// Saving and loading. After the shared header (<see cref="VectorIndexFile"/>): M, efConstruction, search
/// breadth, quantization, seed (int32 each); node count, live count (int32); watermark (int64); entry point and
/// top level (int32); then bulk arrays: keys (int64), levels (byte), tombstone bits (uint64), level-0 lists
/// (int32 slots of 2M + 1), each upper-level node's lists in id order; with int8 quantisation the per-dimension
/// minima and maxima (float32) and the codes (int8); zero padding to a multiple of 64 bytes; last the float32
/// vectors, which an int8 index maps from the file instead of reading (<see cref="MappedFloatRows"/>).
/// Tombstoned nodes are kept, so a loaded index has the same graph and gives the same results.
/// </summary>
public sealed partial class HnswVectorIndex
{
    /// <inheritdoc />
    /// <remarks>
    /// Searches may run while the file is written; writers wait. An index loaded with mapped vectors may save over
    /// its own file on Unix (the mapping keeps the old file's data); Windows refuses to replace a mapped file, so
    /// save to another path there.
    /// </remarks>
    public Task SaveAsync(string path, long watermark, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Task.Run(
            () =>
            {
                _gate.EnterUpgradeableReadLock();
                try
                {
                    VectorIndexFile.Write(path, (writer, stream) => WriteBody(writer, stream, watermark, cancellationToken));
                }
                finally
                {
                    _gate.ExitUpgradeableReadLock();
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// Reads an index written by <see cref="SaveAsync"/>. Throws <see cref="InvalidDataException"/> (naming the file
    /// and the problem) when the file holds another model's vectors, another dimension, is not an HNSW index file,
    /// was written by a newer format, or is truncated or corrupt (checksum); <see cref="FileNotFoundException"/>
    /// when it is missing.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedModelId">The embedding model the caller will query with; null accepts any.</param>
    /// <param name="expectedDimension">The dimension the caller will query with; null accepts any.</param>
    /// <param name="mapFloatVectors">
    /// For an int8 index: leave the float32 vectors (used only to re-rank final candidates and to link new nodes)
    /// in the file, memory-mapped, instead of reading them onto the heap. Dispose the index to release the file.
    /// Ignored for float32 indexes, whose traversal reads every vector it compares.
    /// </param>
    public static HnswVectorIndex Load(string path, string? expectedModelId = null, int? expectedDimension = null, bool mapFloatVectors = true) =>
        Load(path, out _, expectedModelId, expectedDimension, mapFloatVectors);

    /// <summary>
    /// Reads an index written by <see cref="SaveAsync"/> and the <paramref name="watermark"/> recorded with it; the
    /// other parameters and the exceptions are those of <see cref="Load(string, string?, int?, bool)"/>.
    /// </summary>
    public static HnswVectorIndex Load(string path, out long watermark, string? expectedModelId = null, int? expectedDimension = null, bool mapFloatVectors = true)
    {
        long savedWatermark = 0;
        var loaded = VectorIndexFile.Read(path, (reader, stream) =>
        {
            var (dimension, metric, modelId) = VectorIndexFile.ReadHeader(reader, path, VectorIndexFile.HnswKind, expectedModelId, expectedDimension);
            var options = new HnswOptions
            {
                M = reader.ReadInt32(),
                EfConstruction = reader.ReadInt32(),
                SearchBreadth = reader.ReadInt32(),
                Quantization = (VectorQuantization)reader.ReadInt32(),
                Seed = reader.ReadInt32(),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new InvalidDataException($"The vector index '{path}' is corrupt: {e.Message}");
            }

            var index = new HnswVectorIndex(dimension, metric, modelId, options);
            long mappedOffset = index.ReadBody(reader, stream, mapFloatVectors && options.Quantization == VectorQuantization.Int8, out savedWatermark);
            VectorIndexFile.VerifyChecksum(reader, path);
            if (mappedOffset >= 0 && index._nodeCount > 0)
            {
                index._mappedRows = new MappedFloatRows(stream, mappedOffset, index._nodeCount, dimension);
                index._mappedCount = index._nodeCount;
                index._vectors = [];
            }

            return index;
        });
        watermark = savedWatermark;
        return loaded;
    }

    private void WriteBody(IndexFileWriter writer, FileStream stream, long watermark, CancellationToken cancellationToken)
    {
        VectorIndexFile.WriteHeader(writer, VectorIndexFile.HnswKind, _dimension, _metric, _modelId);
        writer.WriteInt32(_options.M);
        writer.WriteInt32(_options.EfConstruction);
        writer.WriteInt32(_options.SearchBreadth);
        writer.WriteInt32((int)_options.Quantization);
        writer.WriteInt32(_options.Seed);
        writer.WriteInt32(_nodeCount);
        writer.WriteInt32(_liveCount);
        writer.WriteInt64(watermark);
        writer.WriteInt32(_entryPoint);
        writer.WriteInt32(_topLevel);
        writer.WriteArray<long>(_keys.AsSpan(0, _nodeCount));
        writer.WriteArray<byte>(_levels.AsSpan(0, _nodeCount));
        writer.WriteArray<ulong>(_deleted.AsSpan(0, (_nodeCount + 63) >> 6));
        for (int id = 0; id < _nodeCount; id++)
        {
            writer.WriteArray<int>(_level0.Slot(id));
        }

        for (int id = 0; id < _nodeCount; id++)
        {
            if (_upperLinks[id] is { } upper)
            {
                writer.WriteArray<int>(upper);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_quantizer is not null)
        {
            writer.WriteArray<float>(_quantizer.Min);
            writer.WriteArray<float>(_quantizer.Max);
            writer.WriteArray<sbyte>(_codes.AsSpan(0, _nodeCount * _dimension));
        }

        VectorIndexFile.Align(writer, stream);
        if (_mappedRows is not null)
        {
            writer.WriteArray<float>(_mappedRows.All);
        }

        if (_level0.InlineRows)
        {
            for (int id = 0; id < _nodeCount; id++)
            {
                writer.WriteArray<float>(_level0.Row(id));
            }
        }
        else
        {
            writer.WriteArray<float>(_vectors.AsSpan(0, (_nodeCount - _mappedCount) * _dimension));
        }
    }

    /// <summary>
    /// Fills this fresh index from the file and checks that the graph is well formed. With <paramref name="map"/>
    /// the float32 vectors are only hashed, not kept: returns their offset in the file for mapping, else −1.
    /// </summary>
    private long ReadBody(IndexFileReader reader, FileStream stream, bool map, out long watermark)
    {
        int nodes = reader.ReadCount(Math.Min(reader.Remaining / (sizeof(long) + 1 + (_stride0 * sizeof(int))), Math.Min(_level0.MaxCapacity, Array.MaxLength / _dimension)));
        int live = reader.ReadCount(nodes);
        watermark = reader.ReadInt64();
        int entry = reader.ReadInt32();
        int top = reader.ReadInt32();
        long[] savedKeys = reader.ReadArray<long>(nodes);
        byte[] savedLevels = reader.ReadArray<byte>(nodes);
        ulong[] savedDeleted = reader.ReadArray<ulong>((nodes + 63) >> 6);
        int[] savedLinks0 = reader.ReadArray<int>(nodes * _stride0);
        var savedUpper = new int[]?[nodes];
        for (int id = 0; id < nodes; id++)
        {
            int level = savedLevels[id];
            if (level > MaxLevel)
            {
                throw new InvalidDataException($"Node {id} has level {level}.");
            }

            savedUpper[id] = level > 0 ? reader.ReadArray<int>(level * _upperStride) : null;
        }

        if (_quantizer is not null)
        {
            float[] min = reader.ReadArray<float>(_dimension);
            float[] max = reader.ReadArray<float>(_dimension);
            if (nodes > 0)
            {
                _quantizer.SetRanges(min, max);
            }

            _codes = reader.ReadArray<sbyte>(nodes * _dimension);
        }

        VectorIndexFile.SkipAlignment(reader, stream);
        long offset = -1;
        if (map)
        {
            offset = stream.Position;
            VectorIndexFile.Skip(reader, (long)nodes * _dimension * sizeof(float));
        }
        else if (_level0.InlineRows)
        {
            // Rows go straight into their records (the level-0 lists are copied in once the graph is checked).
            _level0.Resize(nodes, 0);
            for (int id = 0; id < nodes; id++)
            {
                reader.Read(MemoryMarshal.AsBytes(_level0.Row(id)));
            }
        }
        else
        {
            _vectors = reader.ReadArray<float>(nodes * _dimension);
        }

        CheckGraph(nodes, live, entry, top, savedKeys, savedLevels, savedDeleted, savedLinks0, savedUpper);

        _nodeCount = nodes;
        _capacity = nodes;
        _liveCount = live;
        _deletedCount = nodes - live;
        _keys = savedKeys;
        _levels = savedLevels;
        _deleted = savedDeleted;
        if (_level0.Capacity < nodes)
        {
            _level0.Resize(nodes, 0);
        }

        for (int id = 0; id < nodes; id++)
        {
            savedLinks0.AsSpan(id * _stride0, _stride0).CopyTo(_level0.Slot(id));
        }
        _upperLinks = savedUpper;
        _entryPoint = entry;
        _topLevel = top;
        _random = new Random(unchecked(_options.Seed + (nodes * 1_000_003)));
        for (int id = 0; id < nodes; id++)
        {
            if (!IsDeleted(id))
            {
                _ids.Add(_keys[id], id);
            }
        }

        return offset;
    }

    /// <summary>
    /// Every count within its cap, every link a node that exists on that level, the entry point on the top level,
    /// keys unique among live nodes: searches index arrays without bounds checks, so nothing loaded may break this.
    /// </summary>
    private void CheckGraph(
        int nodes, int live, int entry, int top, long[] savedKeys, byte[] savedLevels, ulong[] savedDeleted, int[] savedLinks0, int[]?[] savedUpper)
    {
        if (nodes == 0 ? entry != -1 || top != -1 : entry < 0 || entry >= nodes || top != savedLevels[entry])
        {
            throw new InvalidDataException($"Invalid entry point {entry} at level {top}.");
        }

        var seen = new HashSet<long>(live);
        int deadCount = 0;
        for (int id = 0; id < nodes; id++)
        {
            if ((savedDeleted[id >> 6] & (1UL << id)) != 0)
            {
                deadCount++;
            }
            else if (!seen.Add(savedKeys[id]))
            {
                throw new InvalidDataException($"Key {savedKeys[id]} appears twice.");
            }

            if (savedLevels[id] > top)
            {
                throw new InvalidDataException($"Node {id} is above the top level.");
            }

            CheckList(savedLinks0, id * _stride0, _maxLinks0, nodes, savedLevels, 0);
            for (int level = 1; level <= savedLevels[id]; level++)
            {
                CheckList(savedUpper[id]!, (level - 1) * _upperStride, _maxLinks, nodes, savedLevels, level);
            }
        }

        if (nodes - deadCount != live || (nodes & 63) != 0 && (savedDeleted[^1] >> (nodes & 63)) != 0)
        {
            throw new InvalidDataException("The tombstones do not match the live count.");
        }
    }

    private static void CheckList(int[] array, int at, int cap, int nodes, byte[] savedLevels, int level)
    {
        int count = array[at];
        if (count < 0 || count > cap)
        {
            throw new InvalidDataException($"A neighbour list holds {count} entries.");
        }

        for (int k = 1; k <= count; k++)
        {
            int neighbor = array[at + k];
            if (neighbor < 0 || neighbor >= nodes || savedLevels[neighbor] < level)
            {
                throw new InvalidDataException($"A neighbour list names node {neighbor}, which is not on level {level}.");
            }
        }
    }
}
