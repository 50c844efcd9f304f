using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Docent.Retrieval;

namespace Docent.Vectors;

/// <summary>Graph search: greedy descent through the upper levels, then a best-first search of level 0.</summary>
public sealed partial class HnswVectorIndex
{
    /// <summary>How many candidates a level-0 search expands between two looks at its cancellation token.</summary>
    internal const int CancellationCheckExpansions = 64;

    /// <inheritdoc />
    /// <remarks>
    /// Explores <c>max(ef, top)</c> candidates, where ef is <see cref="VectorSearchOptions.SearchBreadth"/> or
    /// <see cref="HnswOptions.SearchBreadth"/>. Removed keys and keys the filter rejects are traversed but never
    /// returned; while fewer than ef accepted nodes have been found the search keeps expanding, so a selective
    /// filter costs more time rather than fewer results. Scores are exact float32 similarities. The token is
    /// checked on each upper level and every <see cref="CancellationCheckExpansions"/> candidates expanded on level 0.
    /// </remarks>
    public IReadOnlyList<ScoredKey> Search(ReadOnlySpan<float> query, VectorSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (query.Length != _dimension)
        {
            throw new ArgumentException($"The query has {query.Length} components; the index holds vectors of dimension {_dimension}.", nameof(query));
        }

        options?.Validate();
        int top = options?.Top ?? new VectorSearchOptions().Top;
        EnsureFinite(query);
        if (top == 0)
        {
            return [];
        }

        int ef = Math.Max(options?.SearchBreadth ?? this._options.SearchBreadth, top);
        Func<long, bool>? filter = options?.Filter;
        _gate.EnterReadLock();
        try
        {
            if (_liveCount == 0)
            {
                return [];
            }

            var context = Rent();
            try
            {
                query.CopyTo(context.Query);
                if (_metric == VectorMetric.Cosine)
                {
                    VectorKernels.Normalize(context.Query);
                }

                switch (_kind)
                {
                    case SpaceKind.FloatDot:
                        var floatDot = _level0.DotSpace(context.Query);
                        SearchGraph(ref floatDot, context, ef, filter, cancellationToken);
                        break;
                    case SpaceKind.FloatL2:
                        var floatL2 = _level0.L2Space(context.Query);
                        SearchGraph(ref floatL2, context, ef, filter, cancellationToken);
                        break;
                    case SpaceKind.Int8Dot:
                        float constant = _quantizer!.PrepareDot(context.Query, context.Transformed);
                        var int8Dot = new Int8DotSpace(_codes, _dimension, context.Transformed, constant);
                        SearchGraph(ref int8Dot, context, ef, filter, cancellationToken);
                        break;
                    default:
                        _quantizer!.PrepareL2(context.Query, context.Transformed);
                        var int8L2 = new Int8L2Space(_codes, _dimension, context.Transformed, _quantizer.Weights);
                        SearchGraph(ref int8L2, context, ef, filter, cancellationToken);
                        break;
                }

                return Collect(context, top);
            }
            finally
            {
                Return(context);
            }
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    private void SearchGraph<TSpace>(ref TSpace space, HnswSearchContext context, int ef, Func<long, bool>? filter, CancellationToken cancellationToken)
        where TSpace : struct, IDistanceSpace
    {
        int current = _entryPoint;
        float currentDistance = space.Distance(current);
        for (int level = _topLevel; level > 0; level--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Greedy(ref space, ref current, ref currentDistance, level, context, concurrent: false);
        }

        SearchLayer(ref space, context, current, currentDistance, ef, 0, filter, skipDeleted: true, concurrent: false, cancellationToken);
    }

    /// <summary>The best <paramref name="top"/> results, re-ranked with float32 vectors when traversal used int8 codes.</summary>
    private ScoredKey[] Collect(HnswSearchContext context, int top)
    {
        ReadOnlySpan<Neighbor> results = context.Results.Items;
        Neighbor[] sorted = context.EnsureSorted(results.Length);
        ReadOnlySpan<float> query = context.Query.AsSpan(0, _dimension);
        for (int i = 0; i < results.Length; i++)
        {
            Neighbor result = results[i];
            sorted[i] = Quantized ? new Neighbor(FloatDistance(query, Row(result.Id)), result.Id) : result;
        }

        Span<Neighbor> ranked = sorted.AsSpan(0, results.Length);
        ranked.Sort(static (x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : x.Id.CompareTo(y.Id));
        var hits = new ScoredKey[Math.Min(top, ranked.Length)];
        for (int i = 0; i < hits.Length; i++)
        {
            hits[i] = new ScoredKey(_keys[ranked[i].Id], -ranked[i].Distance);
        }

        return hits;
    }

    /// <summary>Moves to the closest neighbour on <paramref name="level"/> until none is closer (search with ef = 1).</summary>
    private void Greedy<TSpace>(ref TSpace space, ref int current, ref float currentDistance, int level, HnswSearchContext context, bool concurrent)
        where TSpace : struct, IDistanceSpace
    {
        bool moved = true;
        while (moved)
        {
            moved = false;
            foreach (int neighbor in Neighbors(current, level, context, concurrent))
            {
                float distance = space.Distance(neighbor);
                if (distance < currentDistance)
                {
                    currentDistance = distance;
                    current = neighbor;
                    moved = true;
                }
            }
        }
    }

    /// <summary>
    /// Best-first search of one level from <paramref name="entry"/> (the paper's SEARCH-LAYER): expands the
    /// closest unexpanded candidate until it is farther than the worst of <paramref name="ef"/> accepted results.
    /// Keys the filter rejects, and tombstoned nodes when <paramref name="skipDeleted"/> is set, are expanded but not kept. Leaves the results in
    /// <see cref="HnswSearchContext.Results"/>. The token is checked every <see cref="CancellationCheckExpansions"/> expansions.
    /// </summary>
    private void SearchLayer<TSpace>(
        ref TSpace space,
        HnswSearchContext context,
        int entry,
        float entryDistance,
        int ef,
        int level,
        Func<long, bool>? filter,
        bool skipDeleted,
        bool concurrent,
        CancellationToken cancellationToken = default)
        where TSpace : struct, IDistanceSpace
    {
        VisitedSet visited = context.Visited;
        CandidateQueue candidates = context.Candidates;
        ResultQueue results = context.Results;
        visited.Reset(_nodeCount);
        candidates.Clear();
        results.Clear();
        bool anyDeleted = skipDeleted && _deletedCount > 0;

        visited.TestAndMark(entry);
        candidates.Push(entryDistance, entry);
        if ((!anyDeleted || !IsDeleted(entry)) && (filter is null || filter(_keys[entry])))
        {
            results.Push(entryDistance, entry);
        }

        float bound = results.Count > 0 ? results.Top.Distance : float.PositiveInfinity;
        int expanded = 0;
        while (candidates.Count > 0)
        {
            if (expanded++ % CancellationCheckExpansions == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Neighbor closest = candidates.Top;
            if (closest.Distance > bound && results.Count >= ef)
            {
                break;
            }

            candidates.Pop();

            // Two passes: mark the unvisited neighbours and prefetch their rows, then compute their distances
            // while the loads are in flight (the rows are scattered: this is where a search waits on memory).
            int[] pending = context.Pending;
            int count = 0;
            ReadOnlySpan<int> neighbors = Neighbors(closest.Id, level, context, concurrent);

            // The stamps are scattered too, and the branch on each one (visited or not) is unpredictable: loading
            // them all first keeps a misprediction from serialising their misses.
            foreach (int neighbor in neighbors)
            {
                visited.Prefetch(neighbor);
            }

            foreach (int neighbor in neighbors)
            {
                if (!visited.TestAndMark(neighbor))
                {
                    pending[count++] = neighbor;
                    space.Prefetch(neighbor);
                }
            }

            for (int k = 0; k < count; k++)
            {
                int neighbor = pending[k];
                float distance = space.Distance(neighbor);
                if (results.Count < ef || distance < bound)
                {
                    candidates.Push(distance, neighbor);
                    if (level == 0)
                    {
                        // Its list is read when it is expanded; hnswlib keeps it next to the row, which is in cache by then.
                        _level0.PrefetchSlot(neighbor);
                    }

                    if ((!anyDeleted || !IsDeleted(neighbor)) && (filter is null || filter(_keys[neighbor])))
                    {
                        results.Push(distance, neighbor);
                        if (results.Count > ef)
                        {
                            results.Pop();
                        }

                        bound = results.Top.Distance;
                    }
                }
            }
        }
    }
}
