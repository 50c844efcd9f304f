using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Docent.Vectors;

/// <summary>
/// Which nodes one search has seen, as a generation-stamped array: starting a search bumps the generation
/// instead of clearing (a clear happens once every 65,535 searches). Two bytes per node keep the array cache
/// friendly. Not thread-safe (one per search context).
/// </summary>
internal sealed class VisitedSet
{
    private ushort[] _stamps = [];
    private ushort _generation;

    /// <summary>Starts a new search over up to <paramref name="nodes"/> nodes.</summary>
    public void Reset(int nodes)
    {
        if (_stamps.Length < nodes)
        {
            _stamps = new ushort[Math.Max(nodes, _stamps.Length * 2)];
            _generation = 0;
        }

        if (++_generation == 0)
        {
            Array.Clear(_stamps);
            _generation = 1;
        }
    }

    /// <summary>Hints the processor to load <paramref name="id"/>'s stamp (a hint only: no effect where prefetch is unsupported).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int id)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stamps), (nint)(uint)id)));
        }
    }

    /// <summary>Marks <paramref name="id"/>; returns true when it was already marked in this search.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TestAndMark(int id)
    {
        ref ushort stamp = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stamps), (nint)(uint)id);
        if (stamp == _generation)
        {
            return true;
        }

        stamp = _generation;
        return false;
    }
}
