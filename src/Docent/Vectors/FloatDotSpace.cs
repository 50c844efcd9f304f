using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Docent.Vectors;

/// <summary>Negated inner product of a float32 query and float32 rows (cosine on normalised rows). Immutable view.</summary>
internal readonly struct FloatDotSpace(float[] rows, int dimension, float[] query) : IDistanceSpace
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Distance(int id)
    {
        // Rows and query hold whole rows of the index's dimension (the index guarantees it), so no checks here.
        ref float row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(rows), (nint)id * dimension);
        return -VectorKernels.DotRow(ref MemoryMarshal.GetArrayDataReference(query), ref row, (nuint)dimension);
    }

    /// <summary>Prefetches the whole row, one cache line at a time (the pointer is only a hint: a stale one after a GC move is harmless).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int id)
    {
        if (Sse.IsSupported)
        {
            byte* row = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(rows), (nint)id * dimension));
            int bytes = dimension * sizeof(float);
            for (int offset = 0; offset < bytes; offset += 64)
            {
                Sse.Prefetch0(row + offset);
            }
        }
    }
}
