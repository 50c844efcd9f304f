using System.Runtime.CompilerServices;

namespace Docent.Vectors;

/// <summary>
/// Binary min-heap of <see cref="Neighbor"/> by distance: the nodes still to expand, closest first. Grows as
/// needed and keeps its array between searches. Not thread-safe (one per search context).
/// </summary>
internal sealed class CandidateQueue
{
    private Neighbor[] items = new Neighbor[256];
    private int count;

    public int Count => count;

    public Neighbor Top => items[0];

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
        Neighbor[] heap = items;
        Neighbor top = heap[0];
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
