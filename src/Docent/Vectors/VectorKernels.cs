using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Docent.Vectors;

/// <summary>
/// Distance kernels of the vector indexes: SIMD versions for the hot paths and plain scalar reference versions
/// that tests compare them against. Float kernels take two rows of equal length; int8 kernels take a float
/// query (already transformed by <see cref="ScalarQuantizer"/>) and a row of codes. Static; thread-safe.
/// </summary>
internal static class VectorKernels
{
    /// <summary>Inner product (TensorPrimitives: Vector512/256/128 as the machine allows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    /// <summary>
    /// Inner product of two rows of <paramref name="length"/> floats starting at <paramref name="x"/> and
    /// <paramref name="y"/>, for graph search: inlined into the caller, no length checks (the caller guarantees
    /// both rows), four Vector512 accumulators (Vector256 on AVX2-only machines). Scalar reference: <see cref="DotScalar"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float DotRow(ref float x, ref float y, nuint length)
    {
        nuint i = 0;
        float sum = 0;
        if (Vector512.IsHardwareAccelerated && length >= 16)
        {
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            var s2 = Vector512<float>.Zero;
            var s3 = Vector512<float>.Zero;
            for (; i + 64 <= length; i += 64)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i), s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, i + 16), Vector512.LoadUnsafe(ref y, i + 16), s1);
                s2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, i + 32), Vector512.LoadUnsafe(ref y, i + 32), s2);
                s3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, i + 48), Vector512.LoadUnsafe(ref y, i + 48), s3);
            }

            for (; i + 16 <= length; i += 16)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, i), Vector512.LoadUnsafe(ref y, i), s0);
            }

            sum = Vector512.Sum((s0 + s1) + (s2 + s3));
        }
        else if (Vector256.IsHardwareAccelerated && length >= 8)
        {
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            var s2 = Vector256<float>.Zero;
            var s3 = Vector256<float>.Zero;
            for (; i + 32 <= length; i += 32)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, i + 8), Vector256.LoadUnsafe(ref y, i + 8), s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, i + 16), Vector256.LoadUnsafe(ref y, i + 16), s2);
                s3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, i + 24), Vector256.LoadUnsafe(ref y, i + 24), s3);
            }

            for (; i + 8 <= length; i += 8)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref y, i), s0);
            }

            sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref x, i) * Unsafe.Add(ref y, i);
        }

        return sum;
    }

    /// <summary><see cref="DotRow"/> over two spans of equal length (for tests and callers holding spans).</summary>
    public static float DotRow(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            ThrowLengths();
        }

        return DotRow(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), (nuint)a.Length);
    }

    /// <summary>Squared Euclidean distance, four independent SIMD accumulators.</summary>
    public static float SquaredL2(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            ThrowLengths();
        }

        ref float x = ref MemoryMarshal.GetReference(a);
        ref float y = ref MemoryMarshal.GetReference(b);
        nuint length = (nuint)a.Length;
        nuint i = 0;
        float sum = 0;
        if (Vector512.IsHardwareAccelerated && length >= (nuint)Vector512<float>.Count)
        {
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            for (; i + 32 <= length; i += 32)
            {
                var d0 = Vector512.LoadUnsafe(ref x, i) - Vector512.LoadUnsafe(ref y, i);
                var d1 = Vector512.LoadUnsafe(ref x, i + 16) - Vector512.LoadUnsafe(ref y, i + 16);
                s0 = Vector512.FusedMultiplyAdd(d0, d0, s0);
                s1 = Vector512.FusedMultiplyAdd(d1, d1, s1);
            }

            for (; i + 16 <= length; i += 16)
            {
                var d0 = Vector512.LoadUnsafe(ref x, i) - Vector512.LoadUnsafe(ref y, i);
                s0 = Vector512.FusedMultiplyAdd(d0, d0, s0);
            }

            sum = Vector512.Sum(s0 + s1);
        }
        else if (Vector256.IsHardwareAccelerated && length >= (nuint)Vector256<float>.Count)
        {
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            for (; i + 16 <= length; i += 16)
            {
                var d0 = Vector256.LoadUnsafe(ref x, i) - Vector256.LoadUnsafe(ref y, i);
                var d1 = Vector256.LoadUnsafe(ref x, i + 8) - Vector256.LoadUnsafe(ref y, i + 8);
                s0 = Vector256.FusedMultiplyAdd(d0, d0, s0);
                s1 = Vector256.FusedMultiplyAdd(d1, d1, s1);
            }

            for (; i + 8 <= length; i += 8)
            {
                var d0 = Vector256.LoadUnsafe(ref x, i) - Vector256.LoadUnsafe(ref y, i);
                s0 = Vector256.FusedMultiplyAdd(d0, d0, s0);
            }

            sum = Vector256.Sum(s0 + s1);
        }
        else if (Vector128.IsHardwareAccelerated && length >= (nuint)Vector128<float>.Count)
        {
            var s0 = Vector128<float>.Zero;
            for (; i + 4 <= length; i += 4)
            {
                var d0 = Vector128.LoadUnsafe(ref x, i) - Vector128.LoadUnsafe(ref y, i);
                s0 += d0 * d0;
            }

            sum = Vector128.Sum(s0);
        }

        for (; i < length; i++)
        {
            float d = Unsafe.Add(ref x, i) - Unsafe.Add(ref y, i);
            sum += d * d;
        }

        return sum;
    }

    /// <summary>Σ q[i]·codes[i]: the code-dependent part of an int8 inner product (see <see cref="ScalarQuantizer"/>).</summary>
    public static float DotInt8(ReadOnlySpan<float> query, ReadOnlySpan<sbyte> codes)
    {
        if (query.Length != codes.Length)
        {
            ThrowLengths();
        }

        ref float q = ref MemoryMarshal.GetReference(query);
        ref sbyte c = ref MemoryMarshal.GetReference(codes);
        nuint length = (nuint)query.Length;
        nuint i = 0;
        float sum = 0;
        if (Avx512F.IsSupported && length >= 16)
        {
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            for (; i + 32 <= length; i += 32)
            {
                var c0 = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref c, i)));
                var c1 = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref c, i + 16)));
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref q, i), c0, s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref q, i + 16), c1, s1);
            }

            for (; i + 16 <= length; i += 16)
            {
                var c0 = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref c, i)));
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref q, i), c0, s0);
            }

            sum = Vector512.Sum(s0 + s1);
        }
        else if (Avx2.IsSupported && length >= 8)
        {
            var s0 = Vector256<float>.Zero;
            for (; i + 8 <= length; i += 8)
            {
                var c0 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref c, i)))).AsSByte()));
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref q, i), c0, s0);
            }

            sum = Vector256.Sum(s0);
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref q, i) * Unsafe.Add(ref c, i);
        }

        return sum;
    }

    /// <summary>Σ w[i]·(u[i] − codes[i])²: the code-dependent part of an int8 squared distance (see <see cref="ScalarQuantizer"/>).</summary>
    public static float WeightedSquaredL2Int8(ReadOnlySpan<float> u, ReadOnlySpan<sbyte> codes, ReadOnlySpan<float> weights)
    {
        if (u.Length != codes.Length || u.Length != weights.Length)
        {
            ThrowLengths();
        }

        ref float q = ref MemoryMarshal.GetReference(u);
        ref sbyte c = ref MemoryMarshal.GetReference(codes);
        ref float w = ref MemoryMarshal.GetReference(weights);
        nuint length = (nuint)u.Length;
        nuint i = 0;
        float sum = 0;
        if (Avx512F.IsSupported && length >= 16)
        {
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            for (; i + 32 <= length; i += 32)
            {
                var d0 = Vector512.LoadUnsafe(ref q, i) - Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref c, i)));
                var d1 = Vector512.LoadUnsafe(ref q, i + 16) - Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref c, i + 16)));
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, i) * d0, d0, s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, i + 16) * d1, d1, s1);
            }

            for (; i + 16 <= length; i += 16)
            {
                var d0 = Vector512.LoadUnsafe(ref q, i) - Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref c, i)));
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, i) * d0, d0, s0);
            }

            sum = Vector512.Sum(s0 + s1);
        }
        else if (Avx2.IsSupported && length >= 8)
        {
            var s0 = Vector256<float>.Zero;
            for (; i + 8 <= length; i += 8)
            {
                var c0 = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<long>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref c, i)))).AsSByte()));
                var d0 = Vector256.LoadUnsafe(ref q, i) - c0;
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref w, i) * d0, d0, s0);
            }

            sum = Vector256.Sum(s0);
        }

        for (; i < length; i++)
        {
            float d = Unsafe.Add(ref q, i) - Unsafe.Add(ref c, i);
            sum += Unsafe.Add(ref w, i) * d * d;
        }

        return sum;
    }

    /// <summary>Scalar reference of <see cref="Dot"/>.</summary>
    public static float DotScalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            ThrowLengths();
        }

        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return (float)sum;
    }

    /// <summary>Scalar reference of <see cref="SquaredL2"/>.</summary>
    public static float SquaredL2Scalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            ThrowLengths();
        }

        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            sum += d * d;
        }

        return (float)sum;
    }

    /// <summary>Scalar reference of <see cref="DotInt8"/>.</summary>
    public static float DotInt8Scalar(ReadOnlySpan<float> query, ReadOnlySpan<sbyte> codes)
    {
        double sum = 0;
        for (int i = 0; i < query.Length; i++)
        {
            sum += (double)query[i] * codes[i];
        }

        return (float)sum;
    }

    /// <summary>Scalar reference of <see cref="WeightedSquaredL2Int8"/>.</summary>
    public static float WeightedSquaredL2Int8Scalar(ReadOnlySpan<float> u, ReadOnlySpan<sbyte> codes, ReadOnlySpan<float> weights)
    {
        double sum = 0;
        for (int i = 0; i < u.Length; i++)
        {
            double d = (double)u[i] - codes[i];
            sum += weights[i] * d * d;
        }

        return (float)sum;
    }

    /// <summary>Scales <paramref name="vector"/> to unit length in place; a zero vector stays zero.</summary>
    public static void Normalize(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    private static void ThrowLengths() => throw new ArgumentException("Vectors must have the same length.");
}
