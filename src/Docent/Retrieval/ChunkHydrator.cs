using Docent.Storage;

namespace Docent.Retrieval;

/// <summary>
/// Turns ranked chunk keys into <see cref="RetrievedChunk"/>s with one store query, keeping the ranking, and leaves out any
/// whose document the caller may not read (the last check, behind the indexes' filters). Static; thread-safe.
/// </summary>
internal static class ChunkHydrator
{
    public static async Task<IReadOnlyList<RetrievedChunk>> HydrateAsync(SqliteDocumentStore store, IReadOnlyList<ScoredKey> hits, Access.AccessScope? access, CancellationToken cancellationToken)
    {
        if (hits.Count == 0)
        {
            return [];
        }

        var keys = hits.Select(h => h.Key).ToList();
        var scores = hits.ToDictionary(h => h.Key, h => h.Score);
        var rows = await store.GetChunksAsync(keys, cancellationToken).ConfigureAwait(false);
        var results = new List<RetrievedChunk>(rows.Count);
        foreach (var (chunk, document) in rows)
        {
            if (access is not null && !access.CanRead(document.AccessList))
            {
                continue;
            }

            results.Add(new RetrievedChunk(chunk.Chunk, document, scores[chunk.Key], results.Count + 1));
        }

        return results;
    }
}
