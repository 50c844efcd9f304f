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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotQ4K(byte* row, byte* activations, int superBlocks, KernelPath path) => path switch
    {
        KernelPath.Avx512 when Avx512BW.IsSupported => DotQ4KAvx512(row, activations, superBlocks),
        >= KernelPath.Avx2 when Avx2.IsSupported && Fma.IsSupported => path == KernelPath.AvxVnni && AvxVnni.IsSupported ? DotQ4KAvx2<Vnni>(row, activations, superBlocks) : DotQ4KAvx2<NoVnni>(row, activations, superBlocks),
        _ => DotQ4KScalar(row, activations, superBlocks),
    };

    /// <summary>Row of Q6_K super-blocks (<paramref name="superBlocks"/> of them) · super-block activations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotQ6K(byte* row, byte* activations, int superBlocks, KernelPath path) => path switch
    {
        KernelPath.Avx512 when Avx512BW.IsSupported => DotQ6KAvx512(row, activations, superBlocks),
        >= KernelPath.Avx2 when Avx2.IsSupported && Fma.IsSupported => path == KernelPath.AvxVnni && AvxVnni.IsSupported ? DotQ6KAvx2<Vnni>(row, activations, superBlocks) : DotQ6KAvx2<NoVnni>(row, activations, superBlocks),
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

    /// <summary>
    /// The 16-bit lanes of <paramref name="pairs"/> (the same eight in both 128-bit halves) chosen by byte-shuffle
    /// <paramref name="mask"/>: how one vpshufb broadcasts a scale (or two, one per half) to every lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Pick(Vector256<short> pairs, Vector256<byte> mask) => Avx2.Shuffle(pairs.AsByte(), mask).AsInt16();

    /// <summary>A shuffle mask that broadcasts 16-bit lane <paramref name="low"/> across the low half and <paramref name="high"/> across the high half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> LaneMask(int low, int high) =>
        Vector256.Create(Vector128.Create((ushort)(((2 * low) + 1) << 8 | (2 * low))).AsByte(), Vector128.Create((ushort)(((2 * high) + 1) << 8 | (2 * high))).AsByte());

    /// <summary>Eight unsigned bytes (a ulong) widened to 16-bit lanes, the same eight in both 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> WidenTwice(ulong bytes) => Avx2.ConvertToVector256Int16(Vector128.Create(bytes).AsByte());

    /// <summary>
    /// Σ_j minimum_j · (sum of sub-block j's 32 activations) as four int lanes: the sums of 16 added in pairs
    /// (<c>phaddw</c>), times the minimums (<c>pmaddwd</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> MinimumSums(ulong minimums, short* sums)
    {
        var pairs = Ssse3.HorizontalAdd(Sse2.LoadVector128(sums), Sse2.LoadVector128(sums + 8));
        return Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(Vector128.CreateScalar(minimums).AsByte()), pairs);
    }

    /// <summary><paramref name="minimums"/> + <paramref name="scale"/> (dmin × activation scale) × <see cref="MinimumSums"/>: one Q4_K super-block's minimum term, as four float lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> AddMinimums(Vector128<float> minimums, ulong packedMinimums, short* sums, float scale) =>
        Fma.MultiplyAdd(Sse2.ConvertToVector128Single(MinimumSums(packedMinimums, sums)), Vector128.Create(scale), minimums);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ4KAvx2<TVnni>(byte* row, byte* activations, int superBlocks)
        where TVnni : struct
    {
        var vnni = typeof(TVnni) == typeof(Vnni);
        SuperBlockActivations(activations, superBlocks, out var scales, out var sums, out var q);
        var mask = Vector256.Create((byte)0x0F);
        var acc = Vector256<float>.Zero;
        var minimums = Vector128<float>.Zero;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q4KBytes;
            var (sc, mn) = UnpackQ4KScales(block + 4);
            var scale = WidenTwice(sc);
            var x = q + k * GgmlKQuantization.SuperBlock;
            var sumi = Vector256<int>.Zero;
            sumi = Q4Chunk(sumi, block + 16, x, Pick(scale, LaneMask(0, 0)), Pick(scale, LaneMask(1, 1)), mask, vnni);
            sumi = Q4Chunk(sumi, block + 48, x + 64, Pick(scale, LaneMask(2, 2)), Pick(scale, LaneMask(3, 3)), mask, vnni);
            sumi = Q4Chunk(sumi, block + 80, x + 128, Pick(scale, LaneMask(4, 4)), Pick(scale, LaneMask(5, 5)), mask, vnni);
            sumi = Q4Chunk(sumi, block + 112, x + 192, Pick(scale, LaneMask(6, 6)), Pick(scale, LaneMask(7, 7)), mask, vnni);
            var xd = scales[k];
            acc = Fma.MultiplyAdd(Avx.ConvertToVector256Single(sumi), Vector256.Create(HalfToSingle(*(ushort*)block) * xd), acc);
            minimums = AddMinimums(minimums, mn, sums + k * (GgmlKQuantization.SuperBlock / SumGroup), HalfToSingle(*(ushort*)(block + 2)) * xd);
        }

        return Vector256.Sum(acc) - Vector128.Sum(minimums);
    }

    /// <summary>One 64-value chunk of Q4_K: low nibbles · the first 32 activations times <paramref name="lowScale"/>, high nibbles · the next 32 times <paramref name="highScale"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Q4Chunk(Vector256<int> sum, byte* nibbles, sbyte* x, Vector256<short> lowScale, Vector256<short> highScale, Vector256<byte> mask, bool vnni)
    {
        var packed = Avx.LoadVector256(nibbles);
        return Q4ChunkUnpacked(sum, Avx2.And(packed, mask), Avx2.And(Avx2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte(), mask), x, lowScale, highScale, vnni);
    }

    /// <summary><see cref="Q4Chunk"/> on nibbles already unpacked: 32 low ones (elements 0–31) and 32 high ones (32–63).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Q4ChunkUnpacked(Vector256<int> sum, Vector256<byte> lowNibbles, Vector256<byte> highNibbles, sbyte* x, Vector256<short> lowScale, Vector256<short> highScale, bool vnni)
    {
        var low = Avx2.MultiplyAddAdjacent(lowNibbles, Avx.LoadVector256(x));
        var high = Avx2.MultiplyAddAdjacent(highNibbles, Avx.LoadVector256(x + 32));
        return vnni
            ? AvxVnni.MultiplyWideningAndAdd(AvxVnni.MultiplyWideningAndAdd(sum, low, lowScale), high, highScale)
            : Avx2.Add(sum, Avx2.Add(Avx2.MultiplyAddAdjacent(low, lowScale), Avx2.MultiplyAddAdjacent(high, highScale)));
    }

    /// <summary>Q4_K on AVX-512: a 64-element chunk's low and high nibbles side by side in one register against 64 contiguous activations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ4KAvx512(byte* row, byte* activations, int superBlocks)
    {
        SuperBlockActivations(activations, superBlocks, out var scales, out var sums, out var q);
        var mask = Vector512.Create((byte)0x0F);
        var acc = Vector512<float>.Zero;
        var minimums = Vector128<float>.Zero;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q4KBytes;
            var (sc, mn) = UnpackQ4KScales(block + 4);
            var scale = WidenTwice(sc);
            var x = q + k * GgmlKQuantization.SuperBlock;
            var sumi = Vector512<int>.Zero;
            sumi = Q4Chunk512(sumi, block + 16, x, Vector512.Create(Pick(scale, LaneMask(0, 0)), Pick(scale, LaneMask(1, 1))), mask);
            sumi = Q4Chunk512(sumi, block + 48, x + 64, Vector512.Create(Pick(scale, LaneMask(2, 2)), Pick(scale, LaneMask(3, 3))), mask);
            sumi = Q4Chunk512(sumi, block + 80, x + 128, Vector512.Create(Pick(scale, LaneMask(4, 4)), Pick(scale, LaneMask(5, 5))), mask);
            sumi = Q4Chunk512(sumi, block + 112, x + 192, Vector512.Create(Pick(scale, LaneMask(6, 6)), Pick(scale, LaneMask(7, 7))), mask);
            var xd = scales[k];
            acc = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(sumi), Vector512.Create(HalfToSingle(*(ushort*)block) * xd), acc);
            minimums = AddMinimums(minimums, mn, sums + k * (GgmlKQuantization.SuperBlock / SumGroup), HalfToSingle(*(ushort*)(block + 2)) * xd);
        }

        return Vector512.Sum(acc) - Vector128.Sum(minimums);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Q4Chunk512(Vector512<int> sum, byte* nibbles, sbyte* x, Vector512<short> scale, Vector512<byte> mask)
    {
        var packed = Avx.LoadVector256(nibbles);
        var both = Vector512.Create(packed, Avx2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte());
        var products = Avx512BW.MultiplyAddAdjacent(Avx512F.And(both, mask), Avx512BW.LoadVector512(x));
        return Avx512F.Add(sum, Avx512BW.MultiplyAddAdjacent(products, scale));
    }

    /// <summary>Σ_g scale_g · (sum of group g's 16 activations) over a Q6_K super-block's sixteen signed scales, as eight int lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> ScaledSums(sbyte* scales, short* sums) =>
        Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Sse2.LoadVector128(scales)), Avx.LoadVector256(sums));

    /// <summary>The stored Q6_K values are q + 32: the integer sum starts from −32 × Σ scale · (sum of 16), as eight int lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Offset(sbyte* scales, short* sums) =>
        Avx2.ShiftLeftLogical(Avx2.Subtract(Vector256<int>.Zero, ScaledSums(scales, sums)), 5);

    /// <summary>
    /// Half <paramref name="half"/> of a Q6_K super-block as four registers of 32 unsigned 6-bit values (elements 0–31,
    /// 32–63, 64–95 and 96–127 of the half): low nibbles from <c>ql</c>, the top two bits from <c>qh</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<byte>, Vector256<byte>, Vector256<byte>, Vector256<byte>) Q6Values(byte* block, int half)
    {
        var low4 = Vector256.Create((byte)0x0F);
        var high2 = Vector256.Create((byte)0x30);
        var ql0 = Avx.LoadVector256(block + half * 64);
        var ql1 = Avx.LoadVector256(block + half * 64 + 32);
        var qh = Avx.LoadVector256(block + 128 + half * 32).AsUInt16();
        return (
            Avx2.Or(Avx2.And(ql0, low4), Avx2.And(Avx2.ShiftLeftLogical(qh, 4).AsByte(), high2)),
            Avx2.Or(Avx2.And(ql1, low4), Avx2.And(Avx2.ShiftLeftLogical(qh, 2).AsByte(), high2)),
            Avx2.Or(Avx2.And(Avx2.ShiftRightLogical(ql0.AsUInt16(), 4).AsByte(), low4), Avx2.And(qh.AsByte(), high2)),
            Avx2.Or(Avx2.And(Avx2.ShiftRightLogical(ql1.AsUInt16(), 4).AsByte(), low4), Avx2.And(Avx2.ShiftRightLogical(qh, 2).AsByte(), high2)));
    }

    /// <summary>Eight signed bytes widened to 16-bit lanes, the same eight in both 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> WidenSignedTwice(sbyte* bytes) => Avx2.ConvertToVector256Int16(Vector128.Create(*(long*)bytes).AsSByte());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ6KAvx2<TVnni>(byte* row, byte* activations, int superBlocks)
        where TVnni : struct
    {
        var vnni = typeof(TVnni) == typeof(Vnni);
        SuperBlockActivations(activations, superBlocks, out var scales, out var sums, out var q);
        var acc = Vector256<float>.Zero;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q6KBytes;
            var x = q + k * GgmlKQuantization.SuperBlock;
            var sc = (sbyte*)(block + 192);

            var sumi = Offset(sc, sums + k * (GgmlKQuantization.SuperBlock / SumGroup));
            for (var half = 0; half < 2; half++)
            {
                var xh = x + half * 128;
                var pairs = WidenSignedTwice(sc + half * 8);
                var (v0, v1, v2, v3) = Q6Values(block, half);
                sumi = Q6Group(sumi, v0, xh, Pick(pairs, LaneMask(0, 1)), vnni);
                sumi = Q6Group(sumi, v1, xh + 32, Pick(pairs, LaneMask(2, 3)), vnni);
                sumi = Q6Group(sumi, v2, xh + 64, Pick(pairs, LaneMask(4, 5)), vnni);
                sumi = Q6Group(sumi, v3, xh + 96, Pick(pairs, LaneMask(6, 7)), vnni);
            }

            acc = Fma.MultiplyAdd(Avx.ConvertToVector256Single(sumi), Vector256.Create(HalfToSingle(*(ushort*)(block + 208)) * scales[k]), acc);
        }

        return Vector256.Sum(acc);
    }

    /// <summary>32 unsigned 6-bit values · 32 activations, the first 16 scaled by the low half of <paramref name="scale"/> and the rest by the high half, added to <paramref name="sum"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Q6Group(Vector256<int> sum, Vector256<byte> values, sbyte* x, Vector256<short> scale, bool vnni)
    {
        var products = Avx2.MultiplyAddAdjacent(values, Avx.LoadVector256(x));
        return vnni ? AvxVnni.MultiplyWideningAndAdd(sum, products, scale) : Avx2.Add(sum, Avx2.MultiplyAddAdjacent(products, scale));
    }

    /// <summary>Q6_K on AVX-512: two 32-value groups per register against 64 contiguous activations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ6KAvx512(byte* row, byte* activations, int superBlocks)
    {
        SuperBlockActivations(activations, superBlocks, out var scales, out var sums, out var q);
        var acc = Vector512<float>.Zero;
        for (var k = 0; k < superBlocks; k++)
        {
            var block = row + k * GgmlKQuantization.Q6KBytes;
            var x = q + k * GgmlKQuantization.SuperBlock;
            var sc = (sbyte*)(block + 192);
            var offset = Offset(sc, sums + k * (GgmlKQuantization.SuperBlock / SumGroup));
            var sumi = Vector512.Create(offset, Vector256<int>.Zero);
            for (var half = 0; half < 2; half++)
            {
                var xh = x + half * 128;
                var pairs = WidenSignedTwice(sc + half * 8);
                var (v0, v1, v2, v3) = Q6Values(block, half);
                var p01 = Avx512BW.MultiplyAddAdjacent(Vector512.Create(v0, v1), Avx512BW.LoadVector512(xh));
                var p23 = Avx512BW.MultiplyAddAdjacent(Vector512.Create(v2, v3), Avx512BW.LoadVector512(xh + 64));
                sumi = Avx512F.Add(sumi, Avx512BW.MultiplyAddAdjacent(p01, Vector512.Create(Pick(pairs, LaneMask(0, 1)), Pick(pairs, LaneMask(2, 3)))));
                sumi = Avx512F.Add(sumi, Avx512BW.MultiplyAddAdjacent(p23, Vector512.Create(Pick(pairs, LaneMask(4, 5)), Pick(pairs, LaneMask(6, 7)))));
            }

            acc = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(sumi), Vector512.Create(HalfToSingle(*(ushort*)(block + 208)) * scales[k]), acc);
        }

        return Vector512.Sum(acc);
    }
}
