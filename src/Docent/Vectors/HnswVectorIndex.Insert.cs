namespace Docent.Vectors;

/// <summary>Graph construction: linking new nodes, serially or on several threads.</summary>
public sealed partial class HnswVectorIndex
{
    /// <summary>Links nodes [start, end) into the graph. Caller holds the write lock.</summary>
    private void InsertRange(int start, int end, int threads, CancellationToken cancellationToken)
    {
        int next = start;
        var context = Rent();
        try
        {
            // The first node of an empty graph becomes the entry point; the rest may go in parallel.
            if (_entryPoint < 0 && next < end)
            {
                InsertNode(next++, context, concurrent: false);
            }

            if (threads == 1 || end - next < 2 * threads)
            {
                for (; next < end; next++)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    InsertNode(next, context, concurrent: false);
                }

                if (next < end)
                {
                    Abandon(next, end, null);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                return;
            }
        }
        finally
        {
            Return(context);
        }

        InsertParallel(next, end, threads, cancellationToken);
    }

    private void InsertParallel(int start, int end, int threads, CancellationToken cancellationToken)
    {
        int cursor = start;
        var linked = new bool[end - start];
        var workers = new Task[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = Task.Factory.StartNew(
                () =>
                {
                    var context = Rent();
                    try
                    {
                        while (!cancellationToken.IsCancellationRequested)
                        {
                            int id = Interlocked.Increment(ref cursor) - 1;
                            if (id >= end)
                            {
                                break;
                            }

                            InsertNode(id, context, concurrent: true);
                            linked[id - start] = true;
                        }
                    }
                    finally
                    {
                        Return(context);
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        if (cancellationToken.IsCancellationRequested)
        {
            Abandon(start, end, linked);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Tombstones the nodes of [start, end) that were never linked (cancelled batch).</summary>
    private void Abandon(int start, int end, bool[]? linked)
    {
        for (int id = start; id < end; id++)
        {
            if (linked is null || !linked[id - start])
            {
                Kill(id);
            }
        }
    }

    private void InsertNode(int id, HnswSearchContext context, bool concurrent)
    {
        Row(id).CopyTo(context.Query);
        switch (_kind)
        {
            case SpaceKind.FloatDot:
                var floatDot = _level0.DotSpace(context.Query);
                InsertNode(ref floatDot, id, context, concurrent);
                break;
            case SpaceKind.FloatL2:
                var floatL2 = _level0.L2Space(context.Query);
                InsertNode(ref floatL2, id, context, concurrent);
                break;
            case SpaceKind.Int8Dot:
                float constant = _quantizer!.PrepareDot(context.Query, context.Transformed);
                var int8Dot = new Int8DotSpace(_codes, _dimension, context.Transformed, constant);
                InsertNode(ref int8Dot, id, context, concurrent);
                break;
            default:
                _quantizer!.PrepareL2(context.Query, context.Transformed);
                var int8L2 = new Int8L2Space(_codes, _dimension, context.Transformed, _quantizer.Weights);
                InsertNode(ref int8L2, id, context, concurrent);
                break;
        }
    }

    private void InsertNode<TSpace>(ref TSpace space, int id, HnswSearchContext context, bool concurrent)
        where TSpace : struct, IDistanceSpace
    {
        int level = _levels[id];
        bool holdsEntry = false;
        if (concurrent)
        {
            Monitor.Enter(_entryLock);
            holdsEntry = true;
        }

        try
        {
            int entry = _entryPoint;
            int top = _topLevel;
            if (holdsEntry && level <= top)
            {
                // Only a node that raises the top level keeps the entry lock for its whole insertion (as hnswlib).
                Monitor.Exit(_entryLock);
                holdsEntry = false;
            }

            if (entry < 0)
            {
                _entryPoint = id;
                _topLevel = level;
                return;
            }

            int current = entry;
            float currentDistance = space.Distance(current);
            for (int lc = top; lc > level; lc--)
            {
                Greedy(ref space, ref current, ref currentDistance, lc, context, concurrent);
            }

            for (int lc = Math.Min(top, level); lc >= 0; lc--)
            {
                SearchLayer(ref space, context, current, currentDistance, _options.EfConstruction, lc, null, skipDeleted: true, concurrent);
                int found = SortResults(context, id);
                if (found == 0)
                {
                    // Only tombstones reachable (heavy removal): link to them rather than leave the node unreachable.
                    SearchLayer(ref space, context, current, currentDistance, _options.EfConstruction, lc, null, skipDeleted: false, concurrent);
                    found = SortResults(context, id);
                    if (found == 0)
                    {
                        continue;
                    }
                }

                Neighbor[] sorted = context.Sorted;
                int chosen = SelectNeighbors(sorted.AsSpan(0, found), _maxLinks, context.Selected);
                Link(id, lc, context.Selected.AsSpan(0, chosen), context, concurrent);
                current = sorted[0].Id;
                currentDistance = space.Distance(current);
            }

            if (level > top)
            {
                _entryPoint = id;
                _topLevel = level;
            }
        }
        finally
        {
            if (holdsEntry)
            {
                Monitor.Exit(_entryLock);
            }
        }
    }

    /// <summary>
    /// Copies the search results (less the node itself) into <see cref="HnswSearchContext.Sorted"/>, closest
    /// first, with exact float32 distances when traversal used int8 codes. Returns how many.
    /// </summary>
    private int SortResults(HnswSearchContext context, int self)
    {
        ReadOnlySpan<Neighbor> results = context.Results.Items;
        Neighbor[] sorted = context.EnsureSorted(results.Length);
        int count = 0;
        foreach (Neighbor result in results)
        {
            if (result.Id == self)
            {
                continue;
            }

            sorted[count++] = Quantized ? new Neighbor(RowDistance(self, result.Id), result.Id) : result;
        }

        sorted.AsSpan(0, count).Sort(static (x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : x.Id.CompareTo(y.Id));
        return count;
    }

    /// <summary>
    /// The paper's heuristic (Algorithm 4, without extending or keeping pruned candidates): walking the
    /// candidates closest first, keep one when it is closer to the base than to every candidate kept so far.
    /// Fewer candidates than <paramref name="max"/> are all kept. Returns how many were written to <paramref name="selected"/>.
    /// </summary>
    private int SelectNeighbors(ReadOnlySpan<Neighbor> candidates, int max, Span<Neighbor> selected)
    {
        if (candidates.Length <= max)
        {
            candidates.CopyTo(selected);
            return candidates.Length;
        }

        int count = 0;
        foreach (Neighbor candidate in candidates)
        {
            if (count >= max)
            {
                break;
            }

            bool keep = true;
            ReadOnlySpan<float> row = Row(candidate.Id);
            for (int k = 0; k < count; k++)
            {
                if (FloatDistance(row, Row(selected[k].Id)) < candidate.Distance)
                {
                    keep = false;
                    break;
                }
            }

            if (keep)
            {
                selected[count++] = candidate;
            }
        }

        return count;
    }

    /// <summary>Sets the new node's list on <paramref name="level"/> and adds it to each chosen neighbour's list.</summary>
    private void Link(int id, int level, ReadOnlySpan<Neighbor> chosen, HnswSearchContext context, bool concurrent)
    {
        Span<int> slot = Slot(id, level);
        if (concurrent)
        {
            Monitor.Enter(_nodeLocks[id & (LockStripes - 1)]);
        }

        try
        {
            for (int k = 0; k < chosen.Length; k++)
            {
                slot[1 + k] = chosen[k].Id;
            }

            slot[0] = chosen.Length;
        }
        finally
        {
            if (concurrent)
            {
                Monitor.Exit(_nodeLocks[id & (LockStripes - 1)]);
            }
        }

        int cap = level == 0 ? _maxLinks0 : _maxLinks;
        foreach (Neighbor neighbor in chosen)
        {
            AddLink(neighbor.Id, id, neighbor.Distance, level, cap, context, concurrent);
        }
    }

    /// <summary>Adds <paramref name="id"/> to <paramref name="owner"/>'s list, shrinking it with the heuristic when full.</summary>
    private void AddLink(int owner, int id, float distance, int level, int cap, HnswSearchContext context, bool concurrent)
    {
        Span<int> slot = Slot(owner, level);
        object gateForNode = _nodeLocks[owner & (LockStripes - 1)];
        if (concurrent)
        {
            Monitor.Enter(gateForNode);
        }

        try
        {
            int count = slot[0];
            if (count < cap)
            {
                slot[1 + count] = id;
                slot[0] = count + 1;
                return;
            }

            Neighbor[] candidates = context.PruneCandidates;
            ReadOnlySpan<float> ownerRow = Row(owner);
            for (int k = 0; k < count; k++)
            {
                int other = slot[1 + k];
                candidates[k] = new Neighbor(FloatDistance(ownerRow, Row(other)), other);
            }

            candidates[count] = new Neighbor(distance, id);
            Span<Neighbor> all = candidates.AsSpan(0, count + 1);
            all.Sort(static (x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : x.Id.CompareTo(y.Id));
            int kept = SelectNeighbors(all, cap, context.PruneSelected);
            for (int k = 0; k < kept; k++)
            {
                slot[1 + k] = context.PruneSelected[k].Id;
            }

            slot[0] = kept;
        }
        finally
        {
            if (concurrent)
            {
                Monitor.Exit(gateForNode);
            }
        }
    }
}
