using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Docent.Vectors;

/// <summary>Negated inner product of a float32 query and float32 rows (cosine on normalised rows). Immutable view.</summary>
internal readonly struct FloatDotSpace(float[] rows, int dimension, float[] query) : IDistanceSpace
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Distance(int id)
    {
        ref float row = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(rows), (nint)id * dimension);
        return -VectorKernels.Dot(new ReadOnlySpan<float>(query, 0, dimension), MemoryMarshal.CreateReadOnlySpan(ref row, dimension));
    }
}
