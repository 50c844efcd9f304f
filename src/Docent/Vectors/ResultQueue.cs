using System.Runtime.CompilerServices;

namespace Docent.Vectors;

/// <summary>
/// Binary max-heap of <see cref="Neighbor"/> by distance: the best nodes found so far, worst at the root, so
/// the caller can drop it when the list exceeds its bound. Keeps its array between searches. Not thread-safe
/// (one per search context).
/// </summary>
internal sealed class ResultQueue
{
    private Neighbor[] _items = new Neighbor[256];
    private int _count;

    public int Count => _count;

    /// <summary>The farthest kept node.</summary>
    public Neighbor Top => _items[0];

    /// <summary>The kept nodes in heap order.</summary>
    public ReadOnlySpan<Neighbor> Items => _items.AsSpan(0, _count);

    public void Clear() => _count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(float distance, int id)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        Neighbor[] heap = _items;
        int at = _count++;
        while (at > 0)
        {
            int parent = (at - 1) >> 1;
            if (heap[parent].Distance >= distance)
            {
                break;
            }

            heap[at] = heap[parent];
            at = parent;
        }

        heap[at] = new Neighbor(distance, id);
    }

    /// <summary>Removes the farthest node.</summary>
    public void Pop()
    {
        Neighbor[] heap = _items;
        Neighbor last = heap[--_count];
        int at = 0;
        int n = _count;
        while (true)
        {
            int child = (2 * at) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && heap[child + 1].Distance > heap[child].Distance)
            {
                child++;
            }

            if (heap[child].Distance <= last.Distance)
            {
                break;
            }

            heap[at] = heap[child];
            at = child;
        }

        if (n > 0)
        {
            heap[at] = last;
        }
    }

    /// <summary>Copies the kept nodes to <paramref name="destination"/> sorted closest first (ties: lower id); returns how many.</summary>
    public int CopySorted(Span<Neighbor> destination)
    {
        Span<Neighbor> target = destination[.._count];
        Items.CopyTo(target);
        target.Sort(static (x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : x.Id.CompareTo(y.Id));
        return _count;
    }
}
