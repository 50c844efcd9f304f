using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
}
