using Docent.Access;
using Docent.Storage;

namespace Docent.Retrieval;

/// <summary>
/// Turns a caller's <see cref="AccessScope"/> into the predicate over chunk keys that the indexes search with: the chunk
/// keys the caller may not read, built from one snapshot of the store and kept per scope until the store's version
/// moves (an ingest, removal, access change or move). Null when nothing needs filtering: for the owner without reading the
/// store at all, and for a scope that may read every document with a list after one version read. A chunk newer than a
/// filter's snapshot is refused until the next version is read; where there is no filter, the hydrator's check of each
/// chunk's document covers a document written meanwhile. Thread-safe.
/// </summary>
public sealed class ChunkAccessFilters
{
    private const int MaxCachedScopes = 64;

    private readonly SqliteDocumentStore _store;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Version, Func<long, bool>? Filter)> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the cache over <paramref name="store"/>.</summary>
    public ChunkAccessFilters(SqliteDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>The predicate accepting the chunks <paramref name="scope"/> may read; null when it may read them all.</summary>
    public async Task<Func<long, bool>?> ForAsync(AccessScope? scope, CancellationToken cancellationToken = default)
    {
        if (scope is null || scope.IsUnrestricted)
        {
            return null;
        }

        string version = await _store.ReadVersionAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_cache.TryGetValue(scope.Key, out var cached) && cached.Version == version)
            {
                return cached.Filter;
            }
        }

        var (denied, maxKey) = await _store.ReadDeniedChunksAsync(scope, cancellationToken).ConfigureAwait(false);
        Func<long, bool>? filter = denied.Count == 0 ? null : Build(denied, maxKey);
        lock (_gate)
        {
            if (_cache.Count >= MaxCachedScopes)
            {
                _cache.Clear();
            }

            _cache[scope.Key] = (version, filter);
        }

        return filter;
    }

    /// <summary>
    /// A bit per key up to the snapshot's highest, or — when few keys are hidden among many (a long-lived folder's keys
    /// grow with every re-ingest) — a set of the hidden keys, whichever is smaller.
    /// </summary>
    internal static Func<long, bool> Build(List<long> denied, long maxKey)
    {
        // A set costs some 24 bytes a key, the bits maxKey / 8 bytes.
        if ((long)denied.Count * 24 < maxKey / 8)
        {
            var hidden = denied.ToHashSet();
            return key => key >= 0 && key <= maxKey && !hidden.Contains(key);
        }

        var bits = new ulong[(maxKey >> 6) + 1];
        foreach (long key in denied)
        {
            bits[key >> 6] |= 1UL << (int)(key & 63);
        }

        return key => key >= 0 && key <= maxKey && (bits[key >> 6] & (1UL << (int)(key & 63))) == 0;
    }
}
