using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Docent.Vectors;

/// <summary>
/// Which nodes one search has seen, as a generation-stamped array: starting a search bumps the generation
/// instead of clearing (a clear happens once every 65,535 searches). Two bytes per node keep the array cache
/// friendly. Not thread-safe (one per search context).
/// </summary>
internal sealed class VisitedSet
{
    private ushort[] stamps = [];
    private ushort generation;

    /// <summary>Starts a new search over up to <paramref name="nodes"/> nodes.</summary>
    public void Reset(int nodes)
    {
        if (stamps.Length < nodes)
        {
            stamps = new ushort[Math.Max(nodes, stamps.Length * 2)];
            generation = 0;
        }

        if (++generation == 0)
        {
            Array.Clear(stamps);
            generation = 1;
        }
    }

    /// <summary>Marks <paramref name="id"/>; returns true when it was already marked in this search.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TestAndMark(int id)
    {
        ref ushort stamp = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stamps), (nint)(uint)id);
        if (stamp == generation)
        {
            return true;
        }

        stamp = generation;
        return false;
    }
}
