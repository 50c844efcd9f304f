using System.Runtime.CompilerServices;

namespace Docent.Vectors;

/// <summary>
/// Binary max-heap of <see cref="Neighbor"/> by distance: the best nodes found so far, worst at the root, so
/// the caller can drop it when the list exceeds its bound. Keeps its array between searches. Not thread-safe
/// (one per search context).
/// </summary>
internal sealed class ResultQueue
{
    private Neighbor[] items = new Neighbor[256];
    private int count;

    public int Count => count;

    /// <summary>The farthest kept node.</summary>
    public Neighbor Top => items[0];

    /// <summary>The kept nodes in heap order.</summary>
    public ReadOnlySpan<Neighbor> Items => items.AsSpan(0, count);

    public void Clear() => count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(float distance, int id)
    {
        if (count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }

        Neighbor[] heap = items;
        int at = count++;
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
        Neighbor[] heap = items;
        Neighbor last = heap[--count];
        int at = 0;
        int n = count;
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
        Span<Neighbor> target = destination[..count];
        Items.CopyTo(target);
        target.Sort(static (x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : x.Id.CompareTo(y.Id));
        return count;
    }
}
