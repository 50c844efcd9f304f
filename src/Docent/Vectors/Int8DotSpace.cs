using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
}
