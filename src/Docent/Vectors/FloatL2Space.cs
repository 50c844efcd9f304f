using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Docent.Vectors;

/// <summary>Squared Euclidean distance of a float32 query to float32 rows. Immutable view.</summary>
internal readonly struct FloatL2Space(float[] rows, int dimension, float[] query) : IDistanceSpace
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Distance(int id)
    {
        ref float row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(rows), (nint)id * dimension);
        return VectorKernels.SquaredL2(new ReadOnlySpan<float>(query, 0, dimension), MemoryMarshal.CreateReadOnlySpan(ref row, dimension));
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
