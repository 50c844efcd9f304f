using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Docent.Vectors;

/// <summary>
/// Negated inner product of a float32 query and the float32 rows of a <see cref="Level0Store"/> (cosine on
/// normalised rows): row <c>id</c> starts at <paramref name="rows"/> + <c>id</c> · <paramref name="stride"/>
/// bytes. Immutable view; valid while the store is not resized (the index's lock guarantees it).
/// </summary>
internal readonly unsafe struct FloatDotSpace(byte* rows, nint stride, int dimension, float[] query) : IDistanceSpace
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Distance(int id)
    {
        // The store holds whole rows of the index's dimension and the query one row (the index guarantees it), so no checks here.
        ref float row = ref Unsafe.AsRef<float>(rows + (id * stride));
        return -VectorKernels.DotRow(ref MemoryMarshal.GetArrayDataReference(query), ref row, (nuint)dimension);
    }

    /// <summary>Prefetches the whole row, one cache line at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int id)
    {
        if (Sse.IsSupported)
        {
            byte* row = rows + (id * stride);
            int bytes = dimension * sizeof(float);
            for (int offset = 0; offset < bytes; offset += 64)
            {
                Sse.Prefetch0(row + offset);
            }
        }
    }
}
