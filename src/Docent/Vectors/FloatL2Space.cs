using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Docent.Vectors;

/// <summary>
/// Squared Euclidean distance of a float32 query to the float32 rows of a <see cref="Level0Store"/>: row
/// <c>id</c> starts at <paramref name="rows"/> + <c>id</c> · <paramref name="stride"/> bytes. Immutable view;
/// valid while the store is not resized (the index's lock guarantees it).
/// </summary>
internal readonly unsafe struct FloatL2Space(byte* rows, nint stride, int dimension, float[] query) : IDistanceSpace
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Distance(int id) =>
        VectorKernels.SquaredL2(new ReadOnlySpan<float>(query, 0, dimension), new ReadOnlySpan<float>(rows + (id * stride), dimension));

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
