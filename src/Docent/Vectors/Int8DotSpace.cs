using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Docent.Vectors;

/// <summary>
/// Negated inner product of a float32 query and int8-coded rows, from a query prepared by
/// <see cref="ScalarQuantizer.PrepareDot"/> (<paramref name="transformed"/> and <paramref name="constant"/>). Immutable view.
/// </summary>
internal readonly struct Int8DotSpace(sbyte[] codes, int dimension, float[] transformed, float constant) : IDistanceSpace
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Distance(int id)
    {
        ref sbyte row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(codes), (nint)id * dimension);
        return -(constant + VectorKernels.DotInt8(new ReadOnlySpan<float>(transformed, 0, dimension), MemoryMarshal.CreateReadOnlySpan(ref row, dimension)));
    }

    /// <summary>Prefetches the whole row, one cache line at a time (the pointer is only a hint: a stale one after a GC move is harmless).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int id)
    {
        if (Sse.IsSupported)
        {
            byte* row = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(codes), (nint)id * dimension));
            int bytes = dimension * sizeof(sbyte);
            for (int offset = 0; offset < bytes; offset += 64)
            {
                Sse.Prefetch0(row + offset);
            }
        }
    }
}
