using System.Runtime.CompilerServices;

namespace Docent.Vectors;

/// <summary>
/// Binary min-heap of <see cref="Neighbor"/> by distance: the nodes still to expand, closest first. Grows as
/// needed and keeps its array between searches. Not thread-safe (one per search context).
/// </summary>
internal sealed class CandidateQueue
{
    private Neighbor[] _items = new Neighbor[256];
    private int _count;

    public int Count => _count;

    public Neighbor Top => _items[0];

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
            if (heap[parent].Distance <= distance)
            {
                break;
            }

            heap[at] = heap[parent];
            at = parent;
        }

        heap[at] = new Neighbor(distance, id);
    }

    public Neighbor Pop()
    {
        Neighbor[] heap = _items;
        Neighbor top = heap[0];
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

            if (child + 1 < n && heap[child + 1].Distance < heap[child].Distance)
            {
                child++;
            }

            if (heap[child].Distance >= last.Distance)
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

        return top;
    }
}
