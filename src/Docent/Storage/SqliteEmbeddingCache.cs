using System.Runtime.InteropServices;
using Docent.Models;
using Microsoft.Data.Sqlite;

namespace Docent.Storage;

/// <summary>
/// The <see cref="IEmbeddingCache"/> of a data folder: the <c>embeddings</c> table of its SQLite store, vectors
/// as little-endian float32 blobs. It is also where the vector index is rebuilt from, so a lost or stale
/// vectors file costs no model calls. Thread-safe.
/// </summary>
public sealed class SqliteEmbeddingCache(SqliteDocumentStore store) : IEmbeddingCache
{
    private const int LookupBatch = 200;

    /// <inheritdoc />
    public async Task<float[]?[]> GetManyAsync(string modelId, IReadOnlyList<byte[]> contentHashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contentHashes);
        var result = new float[]?[contentHashes.Count];
        if (contentHashes.Count == 0)
        {
            return result;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < contentHashes.Count; i++)
        {
            var key = Convert.ToHexString(contentHashes[i]);
            if (!positions.TryGetValue(key, out var list))
            {
                positions[key] = list = [];
            }

            list.Add(i);
        }

        foreach (var batch in positions.Keys.Chunk(LookupBatch))
        {
            await using var command = connection.CreateCommand();
            var names = new string[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                names[i] = $"$h{i}";
                command.Parameters.AddWithValue(names[i], Convert.FromHexString(batch[i]));
            }

            command.Parameters.AddWithValue("$m", modelId);
            command.CommandText = $"SELECT content_hash, vector FROM embeddings WHERE model_id = $m AND content_hash IN ({string.Join(",", names)});";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var vector = MemoryMarshal.Cast<byte, float>((byte[])reader.GetValue(1)).ToArray();
                foreach (var position in positions[Convert.ToHexString((byte[])reader.GetValue(0))])
                {
                    result[position] = vector;
                }
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async Task PutManyAsync(string modelId, IReadOnlyList<(byte[] ContentHash, float[] Vector)> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO embeddings(model_id, content_hash, vector) VALUES ($m, $h, $v);";
        command.Parameters.AddWithValue("$m", modelId);
        var hash = command.Parameters.Add("$h", SqliteType.Blob);
        var vector = command.Parameters.Add("$v", SqliteType.Blob);
        foreach (var (contentHash, values) in entries)
        {
            hash.Value = contentHash;
            vector.Value = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
