using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Docent.Generation;

/// <summary>
/// The K-quant side of <see cref="GgmlKernels"/>: activations quantised per super-block of 256 (one float scale, 8-bit
/// values, and the sum of every 16 values, GGML's Q8_K idea) so a super-block's sub-blocks accumulate as integers with
/// their 6- or 8-bit scales applied by <c>vpmaddwd</c>, and floats are touched once per 256 elements. Q4_K's minimums
/// and Q6_K's offset of 32 come from the stored sums instead of from the values. Each SIMD kernel has a scalar reference
/// in this file that tests compare it with.
/// </summary>
internal static unsafe partial class GgmlKernels
{
    /// <summary>Values of one activation sum (the sums cover 16 values each).</summary>
    public const int SumGroup = 16;

    /// <summary>
    /// Bytes of the super-block activations of <paramref name="columns"/> floats (a multiple of 256): a float scale per
    /// super-block, then a 16-bit sum per 16 values, then the 8-bit values.
    /// </summary>
    public static int SuperBlockActivationBytes(int columns) => columns / GgmlKQuantization.SuperBlock * (4 + 2 * (GgmlKQuantization.SuperBlock / SumGroup)) + columns;

    /// <summary>
    /// Quantises <paramref name="x"/> (whole super-blocks of 256) into super-block activations: <c>d = max|x| / 127</c>,
    /// <c>q = round-to-even(x / d)</c>, sums of 16. Every path writes identical bytes (the same float operations).
    /// </summary>
    public static void QuantizeSuperBlockActivations(ReadOnlySpan<float> x, Span<byte> destination, KernelPath path)
    {
        const int N = GgmlKQuantization.SuperBlock;
        var nb = x.Length / N;
        if (x.Length % N != 0 || destination.Length < SuperBlockActivationBytes(x.Length))
        {
            throw new ArgumentException($"{x.Length} floats are not whole super-blocks of {N}, or the destination is too small.", nameof(x));
        }

        fixed (float* xp = x)
        fixed (byte* dp = destination)
        {
            var scales = (float*)dp;
            var sums = (short*)(dp + nb * 4);
            var q = (sbyte*)(dp + nb * (4 + 2 * (N / SumGroup)));
            for (var b = 0; b < nb; b++)
            {
                var v = xp + b * N;
                var qb = q + b * N;
                var sb = sums + b * (N / SumGroup);
                if (path == KernelPath.Scalar || !Vector256.IsHardwareAccelerated)
                {
                    var amax = 0f;
                    for (var j = 0; j < N; j++)
                    {
                        amax = MathF.Max(amax, MathF.Abs(v[j]));
                    }

                    var d = amax / 127f;
                    var id = d != 0 ? 1f / d : 0f;
                    for (var g = 0; g < N / SumGroup; g++)
                    {
                        var sum = 0;
                        for (var j = g * SumGroup; j < (g + 1) * SumGroup; j++)
                        {
                            var value = (int)MathF.Round(v[j] * id);
                            qb[j] = (sbyte)value;
                            sum += value;
                        }

                        sb[g] = (short)sum;
                    }

                    scales[b] = d;
                }
                else
                {
                    var m = Vector256<float>.Zero;
                    for (var j = 0; j < N; j += 8)
                    {
                        m = Vector256.Max(m, Vector256.Abs(Vector256.Load(v + j)));
                    }

                    var amax = 0f;
                    for (var j = 0; j < 8; j++)
                    {
                        amax = MathF.Max(amax, m.GetElement(j));
                    }

                    var d = amax / 127f;
                    var id = Vector256.Create(d != 0 ? 1f / d : 0f);
                    for (var j = 0; j < N; j += 32)
                    {
                        var i0 = Vector256.ConvertToInt32(Vector256.Round(Vector256.Load(v + j) * id));
                        var i1 = Vector256.ConvertToInt32(Vector256.Round(Vector256.Load(v + j + 8) * id));
                        var i2 = Vector256.ConvertToInt32(Vector256.Round(Vector256.Load(v + j + 16) * id));
                        var i3 = Vector256.ConvertToInt32(Vector256.Round(Vector256.Load(v + j + 24) * id));
                        Vector256.Narrow(Vector256.Narrow(i0, i1), Vector256.Narrow(i2, i3)).Store(qb + j);
                        sb[j / SumGroup] = (short)Vector256.Sum(i0 + i1);
                        sb[(j / SumGroup) + 1] = (short)Vector256.Sum(i2 + i3);
                    }

                    scales[b] = d;
                }
            }
        }
    }

    /// <summary>Row of Q4_K super-blocks (<paramref name="superBlocks"/> of them) · super-block activations.</summary>
    public static float DotQ4K(byte* row, byte* activations, int superBlocks, KernelPath path) => path switch
    {
        KernelPath.Avx512 when Avx512BW.IsSupported => DotQ4KAvx512(row, activations, superBlocks),
        >= KernelPath.Avx2 when Avx2.IsSupported && Fma.IsSupported => DotQ4KAvx2(row, activations, superBlocks, path == KernelPath.AvxVnni && AvxVnni.IsSupported),
        _ => DotQ4KScalar(row, activations, superBlocks),
    };

    /// <summary>Row of Q6_K super-blocks (<paramref name="superBlocks"/> of them) · super-block activations.</summary>
    public static float DotQ6K(byte* row, byte* activations, int superBlocks, KernelPath path) => path switch
    {
        KernelPath.Avx512 when Avx512BW.IsSupported => DotQ6KAvx512(row, activations, superBlocks),
        >= KernelPath.Avx2 when Avx2.IsSupported && Fma.IsSupported => DotQ6KAvx2(row, activations, superBlocks, path == KernelPath.AvxVnni && AvxVnni.IsSupported),
        _ => DotQ6KScalar(row, activations, superBlocks),
    };

    /// <summary>
    /// The scalar reference: per super-block, <c>x-scale · (d · Σ_j scale_j · Σ q·x − dmin · Σ_j min_j · Σ x)</c>, the
    /// integer sums exact.
    /// </summary>
    internal static float DotQ4KScalar(byte* row, byte* activations, int superBlocks)
    {
        SuperBlockActivations(activations, superBlocks, out var scales, out var sums, out var q);
        var total = 0f;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q4KBytes;
            var packed = new ReadOnlySpan<byte>(block + 4, 12);
            var x = q + k * GgmlKQuantization.SuperBlock;
            var sb = sums + k * (GgmlKQuantization.SuperBlock / SumGroup);
            int dots = 0, minimums = 0;
            for (var j = 0; j < 8; j++)
            {
                var (sc, m) = GgmlKQuantization.ScaleMin(packed, j);
                var nibbles = block + 16 + j / 2 * 32;
                var dot = 0;
                for (var l = 0; l < 32; l++)
                {
                    dot += (j % 2 == 0 ? nibbles[l] & 0x0F : nibbles[l] >> 4) * x[j * 32 + l];
                }

                dots += sc * dot;
                minimums += m * (sb[2 * j] + sb[2 * j + 1]);
            }

            total += scales[k] * (HalfToSingle(*(ushort*)block) * dots - HalfToSingle(*(ushort*)(block + 2)) * minimums);
        }

        return total;
    }

    /// <summary>The scalar reference: per super-block, <c>x-scale · d · Σ_g scale_g · Σ (q − 32)·x</c> over groups of 16.</summary>
    internal static float DotQ6KScalar(byte* row, byte* activations, int superBlocks)
    {
        SuperBlockActivations(activations, superBlocks, out var scales, out _, out var q);
        var total = 0f;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q6KBytes;
            var x = q + k * GgmlKQuantization.SuperBlock;
            var dots = 0;
            for (var half = 0; half < 2; half++)
            {
                var ql = block + half * 64;
                var qh = block + 128 + half * 32;
                var sc = (sbyte*)(block + 192 + half * 8);
                for (var g = 0; g < 4; g++)
                {
                    int dot0 = 0, dot1 = 0;
                    for (var l = 0; l < 32; l++)
                    {
                        var low = g % 2 == 0 ? ql[l] : ql[l + 32];
                        var value = ((g < 2 ? low & 0x0F : low >> 4) | (((qh[l] >> (2 * g)) & 3) << 4)) - 32;
                        var product = value * x[half * 128 + g * 32 + l];
                        if (l < 16)
                        {
                            dot0 += product;
                        }
                        else
                        {
                            dot1 += product;
                        }
                    }

                    dots += sc[2 * g] * dot0 + sc[2 * g + 1] * dot1;
                }
            }

            total += scales[k] * HalfToSingle(*(ushort*)(block + 208)) * dots;
        }

        return total;
    }

    /// <summary>The three parts of super-block activations: scales, sums of 16, values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SuperBlockActivations(byte* activations, int superBlocks, out float* scales, out short* sums, out sbyte* values)
    {
        scales = (float*)activations;
        sums = (short*)(activations + superBlocks * 4);
        values = (sbyte*)(activations + superBlocks * (4 + 2 * (GgmlKQuantization.SuperBlock / SumGroup)));
    }

    /// <summary>
    /// Q4_K's twelve packed bytes as eight 6-bit scales (low eight bytes of the result) and eight 6-bit minimums
    /// (high): scales and minimums 0-3 are the low six bits of bytes 0-3 and 4-7; 4-7 take a nibble of bytes 8-11 and
    /// the top two bits of bytes 0-3 (scales) or 4-7 (minimums).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Scales, ulong Minimums) UnpackQ4KScales(byte* packed)
    {
        const uint Six = 0x3F3F3F3F, Nibble = 0x0F0F0F0F, Two = 0x03030303;
        uint a = *(uint*)packed, b = *(uint*)(packed + 4), c = *(uint*)(packed + 8);
        var scales = (a & Six) | ((ulong)((c & Nibble) | (((a >> 6) & Two) << 4)) << 32);
        var minimums = (b & Six) | ((ulong)(((c >> 4) & Nibble) | (((b >> 6) & Two) << 4)) << 32);
        return (scales, minimums);
    }

    /// <summary>Σ_j minimum_j · (sum of sub-block j's 32 activations), from the sums of 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MinimumSum(ulong minimums, short* sums)
    {
        var total = 0;
        for (var j = 0; j < 8; j++)
        {
            total += (int)((minimums >> (8 * j)) & 0xFF) * (sums[2 * j] + sums[2 * j + 1]);
        }

        return total;
    }

    private static float DotQ4KAvx2(byte* row, byte* activations, int superBlocks, bool vnni)
    {
        SuperBlockActivations(activations, superBlocks, out var scales, out var sums, out var q);
        var mask = Vector256.Create((byte)0x0F);
        var acc = Vector256<float>.Zero;
        var minimums = 0f;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q4KBytes;
            var (sc, mn) = UnpackQ4KScales(block + 4);
            var x = q + k * GgmlKQuantization.SuperBlock;
            var sumi = Vector256<int>.Zero;
            for (var c = 0; c < 4; c++)
            {
                var nibbles = Avx.LoadVector256(block + 16 + c * 32);
                var low = Avx2.MultiplyAddAdjacent(Avx2.And(nibbles, mask), Avx.LoadVector256(x + c * 64));
                var high = Avx2.MultiplyAddAdjacent(Avx2.And(Avx2.ShiftRightLogical(nibbles.AsUInt16(), 4).AsByte(), mask), Avx.LoadVector256(x + c * 64 + 32));
                var s0 = Vector256.Create((short)((sc >> (16 * c)) & 0xFF));
                var s1 = Vector256.Create((short)((sc >> (16 * c + 8)) & 0xFF));
                sumi = vnni
                    ? AvxVnni.MultiplyWideningAndAdd(AvxVnni.MultiplyWideningAndAdd(sumi, low, s0), high, s1)
                    : Avx2.Add(sumi, Avx2.Add(Avx2.MultiplyAddAdjacent(low, s0), Avx2.MultiplyAddAdjacent(high, s1)));
            }

            var xd = scales[k];
            acc = Fma.MultiplyAdd(Avx.ConvertToVector256Single(sumi), Vector256.Create(HalfToSingle(*(ushort*)block) * xd), acc);
            minimums += HalfToSingle(*(ushort*)(block + 2)) * xd * MinimumSum(mn, sums + k * (GgmlKQuantization.SuperBlock / SumGroup));
        }

        return Vector256.Sum(acc) - minimums;
    }

    /// <summary>Q4_K on AVX-512: a 64-element chunk's low and high nibbles side by side in one register against 64 contiguous activations.</summary>
    private static float DotQ4KAvx512(byte* row, byte* activations, int superBlocks)
    {
        SuperBlockActivations(activations, superBlocks, out var scales, out var sums, out var q);
        var mask = Vector512.Create((byte)0x0F);
        var acc = Vector512<float>.Zero;
        var minimums = 0f;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q4KBytes;
            var (sc, mn) = UnpackQ4KScales(block + 4);
            var x = q + k * GgmlKQuantization.SuperBlock;
            var sumi = Vector512<int>.Zero;
            for (var c = 0; c < 4; c++)
            {
                var nibbles = Avx.LoadVector256(block + 16 + c * 32);
                var both = Vector512.Create(nibbles, Avx2.ShiftRightLogical(nibbles.AsUInt16(), 4).AsByte());
                var products = Avx512BW.MultiplyAddAdjacent(Avx512F.And(both, mask), Avx512BW.LoadVector512(x + c * 64));
                var scale = Vector512.Create(Vector256.Create((short)((sc >> (16 * c)) & 0xFF)), Vector256.Create((short)((sc >> (16 * c + 8)) & 0xFF)));
                sumi = Avx512F.Add(sumi, Avx512BW.MultiplyAddAdjacent(products, scale));
            }

            var xd = scales[k];
            acc = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(sumi), Vector512.Create(HalfToSingle(*(ushort*)block) * xd), acc);
            minimums += HalfToSingle(*(ushort*)(block + 2)) * xd * MinimumSum(mn, sums + k * (GgmlKQuantization.SuperBlock / SumGroup));
        }

        return Vector512.Sum(acc) - minimums;
    }

    /// <summary>Σ_g scale_g · (sum of group g's 16 activations) over a Q6_K super-block's sixteen signed scales.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScaledSums(sbyte* scales, short* sums)
    {
        var total = 0;
        for (var g = 0; g < 16; g++)
        {
            total += scales[g] * sums[g];
        }

        return total;
    }

    private static float DotQ6KAvx2(byte* row, byte* activations, int superBlocks, bool vnni)
    {
        SuperBlockActivations(activations, superBlocks, out var scales, out var sums, out var q);
        var low4 = Vector256.Create((byte)0x0F);
        var high2 = Vector256.Create((byte)0x30);
        var total = 0f;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q6KBytes;
            var x = q + k * GgmlKQuantization.SuperBlock;
            var sc = (sbyte*)(block + 192);
            var sumi = Vector256<int>.Zero;
            for (var half = 0; half < 2; half++)
            {
                var ql0 = Avx.LoadVector256(block + half * 64);
                var ql1 = Avx.LoadVector256(block + half * 64 + 32);
                var qh = Avx.LoadVector256(block + 128 + half * 32).AsUInt16();
                var xh = x + half * 128;
                var s = sc + half * 8;
                var v0 = Avx2.Or(Avx2.And(ql0, low4), Avx2.And(Avx2.ShiftLeftLogical(qh, 4).AsByte(), high2));
                var v1 = Avx2.Or(Avx2.And(ql1, low4), Avx2.And(Avx2.ShiftLeftLogical(qh, 2).AsByte(), high2));
                var v2 = Avx2.Or(Avx2.And(Avx2.ShiftRightLogical(ql0.AsUInt16(), 4).AsByte(), low4), Avx2.And(qh.AsByte(), high2));
                var v3 = Avx2.Or(Avx2.And(Avx2.ShiftRightLogical(ql1.AsUInt16(), 4).AsByte(), low4), Avx2.And(Avx2.ShiftRightLogical(qh, 2).AsByte(), high2));
                sumi = Q6Group(sumi, v0, xh, s, vnni);
                sumi = Q6Group(sumi, v1, xh + 32, s + 2, vnni);
                sumi = Q6Group(sumi, v2, xh + 64, s + 4, vnni);
                sumi = Q6Group(sumi, v3, xh + 96, s + 6, vnni);
            }

            // The stored values are q + 32: take 32 × Σ scale · (sum of 16) back once per super-block.
            var dots = Vector256.Sum(sumi) - 32 * ScaledSums(sc, sums + k * (GgmlKQuantization.SuperBlock / SumGroup));
            total += HalfToSingle(*(ushort*)(block + 208)) * scales[k] * dots;
        }

        return total;
    }

    /// <summary>32 unsigned 6-bit values · 32 activations, the first 16 scaled by <c>scales[0]</c> and the rest by <c>scales[1]</c>, added to <paramref name="sum"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Q6Group(Vector256<int> sum, Vector256<byte> values, sbyte* x, sbyte* scales, bool vnni)
    {
        var products = Avx2.MultiplyAddAdjacent(values, Avx.LoadVector256(x));
        var scale = Vector256.Create(Vector128.Create((short)scales[0]), Vector128.Create((short)scales[1]));
        return vnni ? AvxVnni.MultiplyWideningAndAdd(sum, products, scale) : Avx2.Add(sum, Avx2.MultiplyAddAdjacent(products, scale));
    }

    /// <summary>Q6_K on AVX-512: two 32-value groups per register against 64 contiguous activations.</summary>
    private static float DotQ6KAvx512(byte* row, byte* activations, int superBlocks)
    {
        SuperBlockActivations(activations, superBlocks, out var scales, out var sums, out var q);
        var low4 = Vector256.Create((byte)0x0F);
        var high2 = Vector256.Create((byte)0x30);
        var total = 0f;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q6KBytes;
            var x = q + k * GgmlKQuantization.SuperBlock;
            var sc = (sbyte*)(block + 192);
            var sumi = Vector512<int>.Zero;
            for (var half = 0; half < 2; half++)
            {
                var ql0 = Avx.LoadVector256(block + half * 64);
                var ql1 = Avx.LoadVector256(block + half * 64 + 32);
                var qh = Avx.LoadVector256(block + 128 + half * 32).AsUInt16();
                var xh = x + half * 128;
                var s = sc + half * 8;
                var v0 = Avx2.Or(Avx2.And(ql0, low4), Avx2.And(Avx2.ShiftLeftLogical(qh, 4).AsByte(), high2));
                var v1 = Avx2.Or(Avx2.And(ql1, low4), Avx2.And(Avx2.ShiftLeftLogical(qh, 2).AsByte(), high2));
                var v2 = Avx2.Or(Avx2.And(Avx2.ShiftRightLogical(ql0.AsUInt16(), 4).AsByte(), low4), Avx2.And(qh.AsByte(), high2));
                var v3 = Avx2.Or(Avx2.And(Avx2.ShiftRightLogical(ql1.AsUInt16(), 4).AsByte(), low4), Avx2.And(Avx2.ShiftRightLogical(qh, 2).AsByte(), high2));
                var p01 = Avx512BW.MultiplyAddAdjacent(Vector512.Create(v0, v1), Avx512BW.LoadVector512(xh));
                var p23 = Avx512BW.MultiplyAddAdjacent(Vector512.Create(v2, v3), Avx512BW.LoadVector512(xh + 64));
                sumi = Avx512F.Add(sumi, Avx512BW.MultiplyAddAdjacent(p01, Q6Scales512(s)));
                sumi = Avx512F.Add(sumi, Avx512BW.MultiplyAddAdjacent(p23, Q6Scales512(s + 4)));
            }

            var dots = Vector512.Sum(sumi) - 32 * ScaledSums(sc, sums + k * (GgmlKQuantization.SuperBlock / SumGroup));
            total += HalfToSingle(*(ushort*)(block + 208)) * scales[k] * dots;
        }

        return total;
    }

    /// <summary>Four 16-value groups' scales, each over its eight 16-bit product lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Q6Scales512(sbyte* s) => Vector512.Create(
        Vector256.Create(Vector128.Create((short)s[0]), Vector128.Create((short)s[1])), Vector256.Create(Vector128.Create((short)s[2]), Vector128.Create((short)s[3])));
}
