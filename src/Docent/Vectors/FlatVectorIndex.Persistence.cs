using Docent.Retrieval;

namespace Docent.Vectors;

/// <summary>
/// Saving and loading. After the shared header (<see cref="VectorIndexFile"/>): count (int32), watermark
/// (int64), the keys (int64) and the float32 rows as bulk arrays.
/// </summary>
public sealed partial class FlatVectorIndex
{
    /// <inheritdoc />
    /// <remarks>Searches may run while the file is written; writers wait.</remarks>
    public Task SaveAsync(string path, long watermark, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Task.Run(
            () =>
            {
                _gate.EnterUpgradeableReadLock();
                try
                {
                    VectorIndexFile.Write(path, (writer, _) =>
                    {
                        VectorIndexFile.WriteHeader(writer, VectorIndexFile.FlatKind, _dimension, _metric, _modelId);
                        writer.WriteInt32(_count);
                        writer.WriteInt64(watermark);
                        writer.WriteArray<long>(_keys.AsSpan(0, _count));
                        writer.WriteArray<float>(_vectors.AsSpan(0, _count * _dimension));
                    });
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
    /// and the problem) when the file holds another model's vectors, another dimension, is not a flat index
    /// file, or is truncated or corrupt; <see cref="FileNotFoundException"/> when it is missing.
    /// </summary>
    public static FlatVectorIndex Load(string path, string? expectedModelId = null, int? expectedDimension = null) =>
        Load(path, out _, expectedModelId, expectedDimension);

    /// <summary>
    /// Reads an index written by <see cref="SaveAsync"/> and the <paramref name="watermark"/> recorded with it; throws
    /// as <see cref="Load(string, string?, int?)"/> does.
    /// </summary>
    public static FlatVectorIndex Load(string path, out long watermark, string? expectedModelId = null, int? expectedDimension = null)
    {
        long savedWatermark = 0;
        var loaded = VectorIndexFile.Read(path, (reader, _) =>
        {
            var (dimension, metric, modelId) = VectorIndexFile.ReadHeader(reader, path, VectorIndexFile.FlatKind, expectedModelId, expectedDimension);
            var index = new FlatVectorIndex(dimension, metric, modelId);
            int rows = reader.ReadCount(reader.Remaining / ((long)dimension * sizeof(float) + sizeof(long)));
            savedWatermark = reader.ReadInt64();
            long[] savedKeys = reader.ReadArray<long>(rows);
            float[] savedVectors = reader.ReadArray<float>(rows * dimension);
            VectorIndexFile.VerifyChecksum(reader, path);
            for (int row = 0; row < rows; row++)
            {
                if (!index._rows.TryAdd(savedKeys[row], row))
                {
                    throw new InvalidDataException($"The vector index '{path}' is corrupt: key {savedKeys[row]} appears twice.");
                }
            }

            index._keys = savedKeys;
            index._vectors = savedVectors;
            index._count = rows;
            return index;
        });
        watermark = savedWatermark;
        return loaded;
    }
}
