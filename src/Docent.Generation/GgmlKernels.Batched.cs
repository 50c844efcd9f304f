using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Docent.Generation;

/// <summary>
/// Four activation vectors against one row at once (Q8_0, Q4_0, Q4_K, Q6_K), for products of a batch (a prompt's
/// tokens): the row's blocks are loaded, unpacked and scale-converted once for the four, which is most of a
/// single-vector kernel's work on the 4-bit and K-quant types. Each is the single-vector kernel of the same path
/// repeated per vector — the same integer sums and the same float operations in the same order — so a batch gives bit
/// for bit the results of its vectors one at a time (tests hold every path to that). Only the AVX2, AVX-VNNI and
/// AVX-512 paths have them (<see cref="HasFourVectorKernels"/>); elsewhere the caller runs the single-vector kernel per
/// vector.
/// </summary>
internal static unsafe partial class GgmlKernels
{
    /// <summary>Added to a <see cref="LaneMask"/> byte mask, moves it two 16-bit lanes on (each lane is two bytes).</summary>
    private static Vector256<byte> NextPair => Vector256.Create((byte)4);

    /// <summary>Whether <paramref name="path"/> has four-vector kernels on this CPU (AVX2, AVX-VNNI or AVX-512).</summary>
    public static bool HasFourVectorKernels(KernelPath path) => path switch
    {
        KernelPath.Avx512 => Avx512BW.IsSupported && Avx512F.IsSupported && Fma.IsSupported,
        KernelPath.AvxVnni => AvxVnni.IsSupported && Avx2.IsSupported && Fma.IsSupported,
        KernelPath.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => false,
    };

    /// <summary>Runs the kernel of <paramref name="path"/> among a type's three four-vector kernels (AVX-512, AVX-VNNI, AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunFourVectorKernel(
        KernelPath path,
        delegate*<byte*, byte*, int, int, float*, void> avx512,
        delegate*<byte*, byte*, int, int, float*, void> avxVnni,
        delegate*<byte*, byte*, int, int, float*, void> avx2,
        byte* row,
        byte* activations,
        int stride,
        int blocks,
        float* results)
    {
        var kernel = path switch
        {
            KernelPath.Avx512 => avx512,
            KernelPath.AvxVnni => avxVnni,
            _ => avx2,
        };
        kernel(row, activations, stride, blocks, results);
    }

    /// <summary>Row of Q8_0 blocks · four activation vectors <paramref name="stride"/> bytes apart into <paramref name="results"/>[0..4], on a path <see cref="HasFourVectorKernels"/> accepts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotQ8x4(byte* row, byte* activations, int stride, int blocks, KernelPath path, float* results) =>
        RunFourVectorKernel(path, &DotQ8Avx512x4, &DotQ8Avx2x4<Vnni>, &DotQ8Avx2x4<NoVnni>, row, activations, stride, blocks, results);

    /// <summary>Row of Q4_0 blocks · four activation vectors <paramref name="stride"/> bytes apart into <paramref name="results"/>[0..4], on a path <see cref="HasFourVectorKernels"/> accepts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotQ4x4(byte* row, byte* activations, int stride, int blocks, KernelPath path, float* results) =>
        RunFourVectorKernel(path, &DotQ4Avx512x4, &DotQ4Avx2x4<Vnni>, &DotQ4Avx2x4<NoVnni>, row, activations, stride, blocks, results);

    /// <summary>Row of Q4_K super-blocks · four super-block activation vectors <paramref name="stride"/> bytes apart, on a path <see cref="HasFourVectorKernels"/> accepts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotQ4Kx4(byte* row, byte* activations, int stride, int superBlocks, KernelPath path, float* results) =>
        RunFourVectorKernel(path, &DotQ4KAvx512x4, &DotQ4KAvx2x4<Vnni>, &DotQ4KAvx2x4<NoVnni>, row, activations, stride, superBlocks, results);

    /// <summary>Row of Q6_K super-blocks · four super-block activation vectors <paramref name="stride"/> bytes apart, on a path <see cref="HasFourVectorKernels"/> accepts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotQ6Kx4(byte* row, byte* activations, int stride, int superBlocks, KernelPath path, float* results) =>
        RunFourVectorKernel(path, &DotQ6KAvx512x4, &DotQ6KAvx2x4<Vnni>, &DotQ6KAvx2x4<NoVnni>, row, activations, stride, superBlocks, results);

    /// <summary><see cref="DotQ8Avx2"/> for four vectors: per block one load and one <c>abs</c> of the weights, one float16 conversion of its scale.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotQ8Avx2x4<TVnni>(byte* row, byte* activations, int stride, int blocks, float* results)
        where TVnni : struct
    {
        var vnni = typeof(TVnni) == typeof(Vnni);
        var ones = Vector256.Create((short)1);
        float* s0 = (float*)activations, s1 = (float*)(activations + stride), s2 = (float*)(activations + 2 * stride), s3 = (float*)(activations + 3 * stride);
        var q0 = (sbyte*)(activations + blocks * 8);
        sbyte* q1 = q0 + stride, q2 = q0 + 2 * stride, q3 = q0 + 3 * stride;
        Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        var h = stackalloc float[ScaleChunk];
        for (var chunk = 0; chunk < blocks; chunk += ScaleChunk)
        {
            var end = Math.Min(blocks, chunk + ScaleChunk);
            HalfScales(row + chunk * Q8BlockBytes, end - chunk, Q8BlockBytes, h);
            var b = chunk;
            for (; b + 1 < end; b += 2)
            {
                var block0 = row + b * Q8BlockBytes;
                var w0 = Avx.LoadVector256((sbyte*)(block0 + 2));
                var w1 = Avx.LoadVector256((sbyte*)(block0 + Q8BlockBytes + 2));
                var m0 = Avx2.Abs(w0);
                var m1 = Avx2.Abs(w1);
                float h0 = h[b - chunk], h1 = h[b + 1 - chunk];
                int o0 = b * Block, o1 = o0 + Block;
                a00 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m0, w0, Avx.LoadVector256(q0 + o0), ones, vnni)), Vector256.Create(h0 * s0[b]), a00);
                a01 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m1, w1, Avx.LoadVector256(q0 + o1), ones, vnni)), Vector256.Create(h1 * s0[b + 1]), a01);
                a10 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m0, w0, Avx.LoadVector256(q1 + o0), ones, vnni)), Vector256.Create(h0 * s1[b]), a10);
                a11 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m1, w1, Avx.LoadVector256(q1 + o1), ones, vnni)), Vector256.Create(h1 * s1[b + 1]), a11);
                a20 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m0, w0, Avx.LoadVector256(q2 + o0), ones, vnni)), Vector256.Create(h0 * s2[b]), a20);
                a21 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m1, w1, Avx.LoadVector256(q2 + o1), ones, vnni)), Vector256.Create(h1 * s2[b + 1]), a21);
                a30 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m0, w0, Avx.LoadVector256(q3 + o0), ones, vnni)), Vector256.Create(h0 * s3[b]), a30);
                a31 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m1, w1, Avx.LoadVector256(q3 + o1), ones, vnni)), Vector256.Create(h1 * s3[b + 1]), a31);
            }

            if (b < end)
            {
                var w0 = Avx.LoadVector256((sbyte*)(row + b * Q8BlockBytes + 2));
                var m0 = Avx2.Abs(w0);
                var h0 = h[b - chunk];
                var o0 = b * Block;
                a00 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m0, w0, Avx.LoadVector256(q0 + o0), ones, vnni)), Vector256.Create(h0 * s0[b]), a00);
                a10 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m0, w0, Avx.LoadVector256(q1 + o0), ones, vnni)), Vector256.Create(h0 * s1[b]), a10);
                a20 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m0, w0, Avx.LoadVector256(q2 + o0), ones, vnni)), Vector256.Create(h0 * s2[b]), a20);
                a30 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(SignedDot32(m0, w0, Avx.LoadVector256(q3 + o0), ones, vnni)), Vector256.Create(h0 * s3[b]), a30);
            }
        }

        results[0] = Vector256.Sum(a00 + a01);
        results[1] = Vector256.Sum(a10 + a11);
        results[2] = Vector256.Sum(a20 + a21);
        results[3] = Vector256.Sum(a30 + a31);
    }

    /// <summary><see cref="DotQ8Avx512"/> for four vectors (a block pair's weights, signs and scales shared).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotQ8Avx512x4(byte* row, byte* activations, int stride, int blocks, float* results)
    {
        var ones = Vector512.Create((short)1);
        float* s0 = (float*)activations, s1 = (float*)(activations + stride), s2 = (float*)(activations + 2 * stride), s3 = (float*)(activations + 3 * stride);
        var q0 = (sbyte*)(activations + blocks * 8);
        sbyte* q1 = q0 + stride, q2 = q0 + 2 * stride, q3 = q0 + 3 * stride;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var b = 0;
        for (; b + 1 < blocks; b += 2)
        {
            var block0 = row + b * Q8BlockBytes;
            var block1 = block0 + Q8BlockBytes;
            var w = Vector512.Create(Vector256.Load((sbyte*)(block0 + 2)), Vector256.Load((sbyte*)(block1 + 2)));
            var negative = Vector512.LessThan(w, Vector512<sbyte>.Zero);
            var magnitude = Avx512BW.Abs(w);
            float h0 = HalfToSingle(*(ushort*)block0), h1 = HalfToSingle(*(ushort*)block1);
            var o = b * Block;
            a0 = Q8Pair512(a0, magnitude, negative, Vector512.Load(q0 + o), ones, h0 * s0[b], h1 * s0[b + 1]);
            a1 = Q8Pair512(a1, magnitude, negative, Vector512.Load(q1 + o), ones, h0 * s1[b], h1 * s1[b + 1]);
            a2 = Q8Pair512(a2, magnitude, negative, Vector512.Load(q2 + o), ones, h0 * s2[b], h1 * s2[b + 1]);
            a3 = Q8Pair512(a3, magnitude, negative, Vector512.Load(q3 + o), ones, h0 * s3[b], h1 * s3[b + 1]);
        }

        results[0] = Vector512.Sum(a0);
        results[1] = Vector512.Sum(a1);
        results[2] = Vector512.Sum(a2);
        results[3] = Vector512.Sum(a3);
        if (b < blocks)
        {
            Span<byte> tail = stackalloc byte[8 + Block];
            for (var v = 0; v < 4; v++)
            {
                var one = Tail(activations + v * stride, blocks, b, tail);
                results[v] += AvxVnni.IsSupported ? DotQ8Avx2<Vnni>(row + b * Q8BlockBytes, one, 1) : DotQ8Avx2<NoVnni>(row + b * Q8BlockBytes, one, 1);
            }
        }
    }

    /// <summary>One pair of Q8_0 blocks (magnitudes and signs of the weights) · 64 activations, scaled per block and added to <paramref name="acc"/>, as <see cref="DotQ8Avx512"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Q8Pair512(Vector512<float> acc, Vector512<byte> magnitude, Vector512<sbyte> negative, Vector512<sbyte> x, Vector512<short> ones, float scale0, float scale1)
    {
        var signed = Vector512.ConditionalSelect(negative, -x, x);
        var dot = Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(magnitude, signed), ones);
        var scale = Vector512.Create(Vector256.Create(scale0), Vector256.Create(scale1));
        return Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(dot), scale, acc);
    }

    /// <summary><see cref="DotQ4Avx2"/> for four vectors: per block one load and unpacking of the nibbles, one float16 conversion of its scale.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotQ4Avx2x4<TVnni>(byte* row, byte* activations, int stride, int blocks, float* results)
        where TVnni : struct
    {
        var vnni = typeof(TVnni) == typeof(Vnni);
        var ones = Vector256.Create((short)1);
        var mask = Vector256.Create((byte)0x0F);
        float* s0 = (float*)activations, s1 = (float*)(activations + stride), s2 = (float*)(activations + 2 * stride), s3 = (float*)(activations + 3 * stride);
        int* c0 = (int*)(activations + blocks * 4), c1 = (int*)(activations + stride + blocks * 4), c2 = (int*)(activations + 2 * stride + blocks * 4), c3 = (int*)(activations + 3 * stride + blocks * 4);
        var q0 = (sbyte*)(activations + blocks * 8);
        sbyte* q1 = q0 + stride, q2 = q0 + 2 * stride, q3 = q0 + 3 * stride;
        Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        var h = stackalloc float[ScaleChunk];
        for (var chunk = 0; chunk < blocks; chunk += ScaleChunk)
        {
            var end = Math.Min(blocks, chunk + ScaleChunk);
            HalfScales(row + chunk * Q4BlockBytes, end - chunk, Q4BlockBytes, h);
            var b = chunk;
            for (; b + 1 < end; b += 2)
            {
                var block0 = row + b * Q4BlockBytes;
                var n0 = Nibbles(block0, mask);
                var n1 = Nibbles(block0 + Q4BlockBytes, mask);
                float h0 = h[b - chunk], h1 = h[b + 1 - chunk];
                int o0 = b * Block, o1 = o0 + Block;
                a00 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n0, Avx.LoadVector256(q0 + o0), ones, vnni) - Vector256.Create(c0[b])), Vector256.Create(h0 * s0[b]), a00);
                a01 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n1, Avx.LoadVector256(q0 + o1), ones, vnni) - Vector256.Create(c0[b + 1])), Vector256.Create(h1 * s0[b + 1]), a01);
                a10 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n0, Avx.LoadVector256(q1 + o0), ones, vnni) - Vector256.Create(c1[b])), Vector256.Create(h0 * s1[b]), a10);
                a11 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n1, Avx.LoadVector256(q1 + o1), ones, vnni) - Vector256.Create(c1[b + 1])), Vector256.Create(h1 * s1[b + 1]), a11);
                a20 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n0, Avx.LoadVector256(q2 + o0), ones, vnni) - Vector256.Create(c2[b])), Vector256.Create(h0 * s2[b]), a20);
                a21 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n1, Avx.LoadVector256(q2 + o1), ones, vnni) - Vector256.Create(c2[b + 1])), Vector256.Create(h1 * s2[b + 1]), a21);
                a30 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n0, Avx.LoadVector256(q3 + o0), ones, vnni) - Vector256.Create(c3[b])), Vector256.Create(h0 * s3[b]), a30);
                a31 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n1, Avx.LoadVector256(q3 + o1), ones, vnni) - Vector256.Create(c3[b + 1])), Vector256.Create(h1 * s3[b + 1]), a31);
            }

            if (b < end)
            {
                var n0 = Nibbles(row + b * Q4BlockBytes, mask);
                var h0 = h[b - chunk];
                var o0 = b * Block;
                a00 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n0, Avx.LoadVector256(q0 + o0), ones, vnni) - Vector256.Create(c0[b])), Vector256.Create(h0 * s0[b]), a00);
                a10 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n0, Avx.LoadVector256(q1 + o0), ones, vnni) - Vector256.Create(c1[b])), Vector256.Create(h0 * s1[b]), a10);
                a20 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n0, Avx.LoadVector256(q2 + o0), ones, vnni) - Vector256.Create(c2[b])), Vector256.Create(h0 * s2[b]), a20);
                a30 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(NibbleDot32(n0, Avx.LoadVector256(q3 + o0), ones, vnni) - Vector256.Create(c3[b])), Vector256.Create(h0 * s3[b]), a30);
            }
        }

        results[0] = Vector256.Sum(a00 + a01);
        results[1] = Vector256.Sum(a10 + a11);
        results[2] = Vector256.Sum(a20 + a21);
        results[3] = Vector256.Sum(a30 + a31);
    }

    /// <summary><see cref="DotQ4Avx512"/> for four vectors (a block pair's nibbles and scales shared).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotQ4Avx512x4(byte* row, byte* activations, int stride, int blocks, float* results)
    {
        var ones = Vector512.Create((short)1);
        var mask = Vector256.Create((byte)0x0F);
        float* s0 = (float*)activations, s1 = (float*)(activations + stride), s2 = (float*)(activations + 2 * stride), s3 = (float*)(activations + 3 * stride);
        int* c0 = (int*)(activations + blocks * 4), c1 = (int*)(activations + stride + blocks * 4), c2 = (int*)(activations + 2 * stride + blocks * 4), c3 = (int*)(activations + 3 * stride + blocks * 4);
        var q0 = (sbyte*)(activations + blocks * 8);
        sbyte* q1 = q0 + stride, q2 = q0 + 2 * stride, q3 = q0 + 3 * stride;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var b = 0;
        for (; b + 1 < blocks; b += 2)
        {
            var block0 = row + b * Q4BlockBytes;
            var block1 = block0 + Q4BlockBytes;
            var nibbles = Vector512.Create(Nibbles(block0, mask), Nibbles(block1, mask));
            float h0 = HalfToSingle(*(ushort*)block0), h1 = HalfToSingle(*(ushort*)block1);
            var o = b * Block;
            a0 = Q4Pair512(a0, nibbles, Vector512.Load(q0 + o), ones, c0[b], c0[b + 1], h0 * s0[b], h1 * s0[b + 1]);
            a1 = Q4Pair512(a1, nibbles, Vector512.Load(q1 + o), ones, c1[b], c1[b + 1], h0 * s1[b], h1 * s1[b + 1]);
            a2 = Q4Pair512(a2, nibbles, Vector512.Load(q2 + o), ones, c2[b], c2[b + 1], h0 * s2[b], h1 * s2[b + 1]);
            a3 = Q4Pair512(a3, nibbles, Vector512.Load(q3 + o), ones, c3[b], c3[b + 1], h0 * s3[b], h1 * s3[b + 1]);
        }

        results[0] = Vector512.Sum(a0);
        results[1] = Vector512.Sum(a1);
        results[2] = Vector512.Sum(a2);
        results[3] = Vector512.Sum(a3);
        if (b < blocks)
        {
            Span<byte> tail = stackalloc byte[8 + Block];
            for (var v = 0; v < 4; v++)
            {
                var one = Tail(activations + v * stride, blocks, b, tail);
                results[v] += AvxVnni.IsSupported ? DotQ4Avx2<Vnni>(row + b * Q4BlockBytes, one, 1) : DotQ4Avx2<NoVnni>(row + b * Q4BlockBytes, one, 1);
            }
        }
    }

    /// <summary>One pair of Q4_0 blocks (their 64 unsigned nibbles) · 64 activations, less 8 × each block's activation sum, scaled per block and added to <paramref name="acc"/>, as <see cref="DotQ4Avx512"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Q4Pair512(Vector512<float> acc, Vector512<byte> nibbles, Vector512<sbyte> x, Vector512<short> ones, int sum0, int sum1, float scale0, float scale1)
    {
        var dot = Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(nibbles, x), ones)
            - Vector512.Create(Vector256.Create(sum0), Vector256.Create(sum1));
        var scale = Vector512.Create(Vector256.Create(scale0), Vector256.Create(scale1));
        return Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(dot), scale, acc);
    }

    /// <summary><see cref="DotQ4KAvx2"/> for four vectors: a super-block's scales, minimums and nibbles unpacked once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotQ4KAvx2x4<TVnni>(byte* row, byte* activations, int stride, int superBlocks, float* results)
        where TVnni : struct
    {
        var vnni = typeof(TVnni) == typeof(Vnni);
        SuperBlockActivations(activations, superBlocks, out var xs0, out var sums0, out var q0);
        SuperBlockActivations(activations + stride, superBlocks, out var xs1, out var sums1, out var q1);
        SuperBlockActivations(activations + 2 * stride, superBlocks, out var xs2, out var sums2, out var q2);
        SuperBlockActivations(activations + 3 * stride, superBlocks, out var xs3, out var sums3, out var q3);
        var mask = Vector256.Create((byte)0x0F);
        Vector256<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        Vector128<float> min0 = default, min1 = default, min2 = default, min3 = default;
        const int Sums = GgmlKQuantization.SuperBlock / SumGroup;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q4KBytes;
            var (sc, mn) = UnpackQ4KScales(block + 4);
            var scale = WidenTwice(sc);
            var offset = k * GgmlKQuantization.SuperBlock;
            Vector256<int> i0 = default, i1 = default, i2 = default, i3 = default;
            var lowLane = LaneMask(0, 0);
            var highLane = LaneMask(1, 1);
            for (var c = 0; c < 4; c++)
            {
                var packed = Avx.LoadVector256(block + 16 + c * 32);
                var low = Avx2.And(packed, mask);
                var high = Avx2.And(Avx2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte(), mask);
                var lowScale = Pick(scale, lowLane);
                var highScale = Pick(scale, highLane);
                lowLane += NextPair; // the next chunk's scales are lanes 2c + 2 and 2c + 3
                highLane += NextPair;
                var x = offset + c * 64;
                i0 = Q4ChunkUnpacked(i0, low, high, q0 + x, lowScale, highScale, vnni);
                i1 = Q4ChunkUnpacked(i1, low, high, q1 + x, lowScale, highScale, vnni);
                i2 = Q4ChunkUnpacked(i2, low, high, q2 + x, lowScale, highScale, vnni);
                i3 = Q4ChunkUnpacked(i3, low, high, q3 + x, lowScale, highScale, vnni);
            }

            float d = HalfToSingle(*(ushort*)block), dmin = HalfToSingle(*(ushort*)(block + 2));
            acc0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(i0), Vector256.Create(d * xs0[k]), acc0);
            acc1 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(i1), Vector256.Create(d * xs1[k]), acc1);
            acc2 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(i2), Vector256.Create(d * xs2[k]), acc2);
            acc3 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(i3), Vector256.Create(d * xs3[k]), acc3);
            min0 = AddMinimums(min0, mn, sums0 + k * Sums, dmin * xs0[k]);
            min1 = AddMinimums(min1, mn, sums1 + k * Sums, dmin * xs1[k]);
            min2 = AddMinimums(min2, mn, sums2 + k * Sums, dmin * xs2[k]);
            min3 = AddMinimums(min3, mn, sums3 + k * Sums, dmin * xs3[k]);
        }

        results[0] = Vector256.Sum(acc0) - Vector128.Sum(min0);
        results[1] = Vector256.Sum(acc1) - Vector128.Sum(min1);
        results[2] = Vector256.Sum(acc2) - Vector128.Sum(min2);
        results[3] = Vector256.Sum(acc3) - Vector128.Sum(min3);
    }

    /// <summary><see cref="DotQ4KAvx512"/> for four vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotQ4KAvx512x4(byte* row, byte* activations, int stride, int superBlocks, float* results)
    {
        SuperBlockActivations(activations, superBlocks, out var xs0, out var sums0, out var q0);
        SuperBlockActivations(activations + stride, superBlocks, out var xs1, out var sums1, out var q1);
        SuperBlockActivations(activations + 2 * stride, superBlocks, out var xs2, out var sums2, out var q2);
        SuperBlockActivations(activations + 3 * stride, superBlocks, out var xs3, out var sums3, out var q3);
        var mask = Vector512.Create((byte)0x0F);
        Vector512<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        Vector128<float> min0 = default, min1 = default, min2 = default, min3 = default;
        const int Sums = GgmlKQuantization.SuperBlock / SumGroup;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q4KBytes;
            var (sc, mn) = UnpackQ4KScales(block + 4);
            var scale = WidenTwice(sc);
            var offset = k * GgmlKQuantization.SuperBlock;
            Vector512<int> i0 = default, i1 = default, i2 = default, i3 = default;
            var lowLane = LaneMask(0, 0);
            var highLane = LaneMask(1, 1);
            for (var c = 0; c < 4; c++)
            {
                var packed = Avx.LoadVector256(block + 16 + c * 32);
                var both = Avx512F.And(Vector512.Create(packed, Avx2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte()), mask);
                var pair = Vector512.Create(Pick(scale, lowLane), Pick(scale, highLane));
                lowLane += NextPair;
                highLane += NextPair;
                var x = offset + c * 64;
                i0 = Avx512F.Add(i0, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(both, Avx512BW.LoadVector512(q0 + x)), pair));
                i1 = Avx512F.Add(i1, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(both, Avx512BW.LoadVector512(q1 + x)), pair));
                i2 = Avx512F.Add(i2, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(both, Avx512BW.LoadVector512(q2 + x)), pair));
                i3 = Avx512F.Add(i3, Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(both, Avx512BW.LoadVector512(q3 + x)), pair));
            }

            float d = HalfToSingle(*(ushort*)block), dmin = HalfToSingle(*(ushort*)(block + 2));
            acc0 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(i0), Vector512.Create(d * xs0[k]), acc0);
            acc1 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(i1), Vector512.Create(d * xs1[k]), acc1);
            acc2 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(i2), Vector512.Create(d * xs2[k]), acc2);
            acc3 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(i3), Vector512.Create(d * xs3[k]), acc3);
            min0 = AddMinimums(min0, mn, sums0 + k * Sums, dmin * xs0[k]);
            min1 = AddMinimums(min1, mn, sums1 + k * Sums, dmin * xs1[k]);
            min2 = AddMinimums(min2, mn, sums2 + k * Sums, dmin * xs2[k]);
            min3 = AddMinimums(min3, mn, sums3 + k * Sums, dmin * xs3[k]);
        }

        results[0] = Vector512.Sum(acc0) - Vector128.Sum(min0);
        results[1] = Vector512.Sum(acc1) - Vector128.Sum(min1);
        results[2] = Vector512.Sum(acc2) - Vector128.Sum(min2);
        results[3] = Vector512.Sum(acc3) - Vector128.Sum(min3);
    }

    /// <summary><see cref="DotQ6KAvx2"/> for four vectors: a super-block's 6-bit values and scales unpacked once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotQ6KAvx2x4<TVnni>(byte* row, byte* activations, int stride, int superBlocks, float* results)
        where TVnni : struct
    {
        var vnni = typeof(TVnni) == typeof(Vnni);
        SuperBlockActivations(activations, superBlocks, out var xs0, out var sums0, out var q0);
        SuperBlockActivations(activations + stride, superBlocks, out var xs1, out var sums1, out var q1);
        SuperBlockActivations(activations + 2 * stride, superBlocks, out var xs2, out var sums2, out var q2);
        SuperBlockActivations(activations + 3 * stride, superBlocks, out var xs3, out var sums3, out var q3);
        Vector256<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        const int Sums = GgmlKQuantization.SuperBlock / SumGroup;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q6KBytes;
            var sc = (sbyte*)(block + 192);
            var i0 = Offset(sc, sums0 + k * Sums);
            var i1 = Offset(sc, sums1 + k * Sums);
            var i2 = Offset(sc, sums2 + k * Sums);
            var i3 = Offset(sc, sums3 + k * Sums);
            for (var half = 0; half < 2; half++)
            {
                var x = k * GgmlKQuantization.SuperBlock + half * 128;
                var pairs = WidenSignedTwice(sc + half * 8);
                var (v0, v1, v2, v3) = Q6Values(block, half);
                var p0 = Pick(pairs, LaneMask(0, 1));
                var p1 = Pick(pairs, LaneMask(2, 3));
                var p2 = Pick(pairs, LaneMask(4, 5));
                var p3 = Pick(pairs, LaneMask(6, 7));
                i0 = Q6Group(Q6Group(Q6Group(Q6Group(i0, v0, q0 + x, p0, vnni), v1, q0 + x + 32, p1, vnni), v2, q0 + x + 64, p2, vnni), v3, q0 + x + 96, p3, vnni);
                i1 = Q6Group(Q6Group(Q6Group(Q6Group(i1, v0, q1 + x, p0, vnni), v1, q1 + x + 32, p1, vnni), v2, q1 + x + 64, p2, vnni), v3, q1 + x + 96, p3, vnni);
                i2 = Q6Group(Q6Group(Q6Group(Q6Group(i2, v0, q2 + x, p0, vnni), v1, q2 + x + 32, p1, vnni), v2, q2 + x + 64, p2, vnni), v3, q2 + x + 96, p3, vnni);
                i3 = Q6Group(Q6Group(Q6Group(Q6Group(i3, v0, q3 + x, p0, vnni), v1, q3 + x + 32, p1, vnni), v2, q3 + x + 64, p2, vnni), v3, q3 + x + 96, p3, vnni);
            }

            var d = HalfToSingle(*(ushort*)(block + 208));
            acc0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(i0), Vector256.Create(d * xs0[k]), acc0);
            acc1 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(i1), Vector256.Create(d * xs1[k]), acc1);
            acc2 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(i2), Vector256.Create(d * xs2[k]), acc2);
            acc3 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(i3), Vector256.Create(d * xs3[k]), acc3);
        }

        results[0] = Vector256.Sum(acc0);
        results[1] = Vector256.Sum(acc1);
        results[2] = Vector256.Sum(acc2);
        results[3] = Vector256.Sum(acc3);
    }

    /// <summary><see cref="DotQ6KAvx512"/> for four vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotQ6KAvx512x4(byte* row, byte* activations, int stride, int superBlocks, float* results)
    {
        SuperBlockActivations(activations, superBlocks, out var xs0, out var sums0, out var q0);
        SuperBlockActivations(activations + stride, superBlocks, out var xs1, out var sums1, out var q1);
        SuperBlockActivations(activations + 2 * stride, superBlocks, out var xs2, out var sums2, out var q2);
        SuperBlockActivations(activations + 3 * stride, superBlocks, out var xs3, out var sums3, out var q3);
        Vector512<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        const int Sums = GgmlKQuantization.SuperBlock / SumGroup;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q6KBytes;
            var sc = (sbyte*)(block + 192);
            var i0 = Vector512.Create(Offset(sc, sums0 + k * Sums), Vector256<int>.Zero);
            var i1 = Vector512.Create(Offset(sc, sums1 + k * Sums), Vector256<int>.Zero);
            var i2 = Vector512.Create(Offset(sc, sums2 + k * Sums), Vector256<int>.Zero);
            var i3 = Vector512.Create(Offset(sc, sums3 + k * Sums), Vector256<int>.Zero);
            for (var half = 0; half < 2; half++)
            {
                var x = k * GgmlKQuantization.SuperBlock + half * 128;
                var pairs = WidenSignedTwice(sc + half * 8);
                var (v0, v1, v2, v3) = Q6Values(block, half);
                var v01 = Vector512.Create(v0, v1);
                var v23 = Vector512.Create(v2, v3);
                var s01 = Vector512.Create(Pick(pairs, LaneMask(0, 1)), Pick(pairs, LaneMask(2, 3)));
                var s23 = Vector512.Create(Pick(pairs, LaneMask(4, 5)), Pick(pairs, LaneMask(6, 7)));
                i0 = Q6Pairs512(i0, v01, v23, q0 + x, s01, s23);
                i1 = Q6Pairs512(i1, v01, v23, q1 + x, s01, s23);
                i2 = Q6Pairs512(i2, v01, v23, q2 + x, s01, s23);
                i3 = Q6Pairs512(i3, v01, v23, q3 + x, s01, s23);
            }

            var d = HalfToSingle(*(ushort*)(block + 208));
            acc0 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(i0), Vector512.Create(d * xs0[k]), acc0);
            acc1 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(i1), Vector512.Create(d * xs1[k]), acc1);
            acc2 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(i2), Vector512.Create(d * xs2[k]), acc2);
            acc3 = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(i3), Vector512.Create(d * xs3[k]), acc3);
        }

        results[0] = Vector512.Sum(acc0);
        results[1] = Vector512.Sum(acc1);
        results[2] = Vector512.Sum(acc2);
        results[3] = Vector512.Sum(acc3);
    }

    /// <summary>Half a Q6_K super-block (its four 32-value groups as two pairs) · 128 activations, added to <paramref name="sum"/>, as <see cref="DotQ6KAvx512"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Q6Pairs512(Vector512<int> sum, Vector512<byte> v01, Vector512<byte> v23, sbyte* x, Vector512<short> s01, Vector512<short> s23)
    {
        var p01 = Avx512BW.MultiplyAddAdjacent(v01, Avx512BW.LoadVector512(x));
        var p23 = Avx512BW.MultiplyAddAdjacent(v23, Avx512BW.LoadVector512(x + 64));
        sum = Avx512F.Add(sum, Avx512BW.MultiplyAddAdjacent(p01, s01));
        return Avx512F.Add(sum, Avx512BW.MultiplyAddAdjacent(p23, s23));
    }
}
