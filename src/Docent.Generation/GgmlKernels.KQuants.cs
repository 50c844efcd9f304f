using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Docent.Generation;

// The Q2_K, Q3_K, Q5_K and Q8_K kernels: like Q4_K's and Q6_K's, integer dot products of each super-block's
// sub-blocks against the 32-wide 8-bit activation blocks, each with a scalar reference and an AVX2 kernel (AVX-VNNI
// on that path; the AVX-512 path uses the AVX2 kernel, other CPUs the scalar one). Sub-blocks of 16 (Q2_K, Q3_K) take
// the two halves of an activation block: a 256-bit integer dot product leaves elements 0-15 in lanes 0-3 and 16-31 in
// lanes 4-7, so one float vector carries both halves' scales.
internal static unsafe partial class GgmlKernels
{
    /// <summary>Row of Q2_K super-blocks (<paramref name="blocks"/> activation blocks of 32, eight per super-block) · activations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotQ2K(byte* row, byte* activations, int blocks, KernelPath path) =>
        path >= KernelPath.Avx2 && Avx2.IsSupported && Fma.IsSupported
            ? DotQ2KAvx2(row, activations, blocks, path == KernelPath.AvxVnni)
            : DotQ2KScalar(row, activations, blocks);

    /// <summary>Row of Q3_K super-blocks (<paramref name="blocks"/> activation blocks of 32, eight per super-block) · activations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotQ3K(byte* row, byte* activations, int blocks, KernelPath path) =>
        path >= KernelPath.Avx2 && Avx2.IsSupported && Fma.IsSupported
            ? DotQ3KAvx2(row, activations, blocks, path == KernelPath.AvxVnni)
            : DotQ3KScalar(row, activations, blocks);

    /// <summary>Row of Q5_K super-blocks (<paramref name="blocks"/> activation blocks of 32, eight per super-block) · activations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotQ5K(byte* row, byte* activations, int blocks, KernelPath path) =>
        path >= KernelPath.Avx2 && Avx2.IsSupported && Fma.IsSupported
            ? DotQ5KAvx2(row, activations, blocks, path == KernelPath.AvxVnni)
            : DotQ5KScalar(row, activations, blocks);

    /// <summary>Row of Q8_K super-blocks (<paramref name="blocks"/> activation blocks of 32, eight per super-block) · activations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotQ8K(byte* row, byte* activations, int blocks, KernelPath path) =>
        path >= KernelPath.Avx2 && Avx2.IsSupported && Fma.IsSupported
            ? DotQ8KAvx2(row, activations, blocks, path == KernelPath.AvxVnni)
            : DotQ8KScalar(row, activations, blocks);

    /// <summary>The scalar reference: per sub-block of 16, <c>x-scale · (d · scale · Σ q·x − dmin · min · Σ x)</c>.</summary>
    internal static float DotQ2KScalar(byte* row, byte* activations, int blocks)
    {
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var sum = 0f;
        for (var k = 0; k < blocks / 8; k++)
        {
            var block = row + k * GgmlKQuantization.Q2KBytes;
            var d = HalfToSingle(*(ushort*)(block + 80));
            var dmin = HalfToSingle(*(ushort*)(block + 82));
            for (var g = 0; g < 8; g++)
            {
                var b = k * 8 + g;
                var x = q + b * Block;
                for (var h = 0; h < 2; h++)
                {
                    var scaleMin = block[g * 2 + h];
                    int dot = 0, xsum = 0;
                    for (var l = h * 16; l < h * 16 + 16; l++)
                    {
                        var i = g * 32 + l;
                        dot += ((block[16 + GgmlKQuantization.PairByte(i)] >> GgmlKQuantization.PairShift(i)) & 3) * x[l];
                        xsum += x[l];
                    }

                    sum += scales[b] * (d * (scaleMin & 0x0F) * dot - dmin * (scaleMin >> 4) * xsum);
                }
            }
        }

        return sum;
    }

    /// <summary>The scalar reference: per sub-block of 16, <c>x-scale · d · scale · Σ level·x</c> with levels −4 to 3.</summary>
    internal static float DotQ3KScalar(byte* row, byte* activations, int blocks)
    {
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var sum = 0f;
        for (var k = 0; k < blocks / 8; k++)
        {
            var block = row + k * GgmlKQuantization.Q3KBytes;
            var d = HalfToSingle(*(ushort*)(block + 108));
            var packed = new ReadOnlySpan<byte>(block + 96, 12);
            for (var g = 0; g < 8; g++)
            {
                var b = k * 8 + g;
                var x = q + b * Block;
                int dot0 = 0, dot1 = 0;
                for (var l = 0; l < Block; l++)
                {
                    var i = g * 32 + l;
                    var low = (block[32 + GgmlKQuantization.PairByte(i)] >> GgmlKQuantization.PairShift(i)) & 3;
                    var level = low - (((block[l] >> g) & 1) != 0 ? 0 : 4);
                    if (l < 16)
                    {
                        dot0 += level * x[l];
                    }
                    else
                    {
                        dot1 += level * x[l];
                    }
                }

                sum += scales[b] * d * (GgmlKQuantization.Q3Scale(packed, g * 2) * dot0 + GgmlKQuantization.Q3Scale(packed, g * 2 + 1) * dot1);
            }
        }

        return sum;
    }

    /// <summary>The scalar reference: per sub-block of 32, <c>x-scale · (d · scale · Σ q·x − dmin · min · Σ x)</c>.</summary>
    internal static float DotQ5KScalar(byte* row, byte* activations, int blocks)
    {
        var scales = (float*)activations;
        var sums = (int*)(activations + blocks * 4);
        var q = (sbyte*)(activations + blocks * 8);
        var sum = 0f;
        for (var k = 0; k < blocks / 8; k++)
        {
            var block = row + k * GgmlKQuantization.Q5KBytes;
            var d = HalfToSingle(*(ushort*)block);
            var dmin = HalfToSingle(*(ushort*)(block + 2));
            var packed = new ReadOnlySpan<byte>(block + 4, 12);
            for (var j = 0; j < 8; j++)
            {
                var b = k * 8 + j;
                var (sc, m) = GgmlKQuantization.ScaleMin(packed, j);
                var nibbles = block + 48 + j / 2 * 32;
                var x = q + b * Block;
                var dot = 0;
                for (var l = 0; l < Block; l++)
                {
                    var value = (j % 2 == 0 ? nibbles[l] & 0x0F : nibbles[l] >> 4) | (((block[16 + l] >> j) & 1) << 4);
                    dot += value * x[l];
                }

                sum += scales[b] * (d * sc * dot - dmin * m * sums[b]);
            }
        }

        return sum;
    }

    /// <summary>The scalar reference: per activation block, <c>x-scale · d · Σ q·x</c>.</summary>
    internal static float DotQ8KScalar(byte* row, byte* activations, int blocks)
    {
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var sum = 0f;
        for (var k = 0; k < blocks / 8; k++)
        {
            var block = row + k * GgmlKQuantization.Q8KBytes;
            var d = *(float*)block;
            var w = (sbyte*)(block + 4);
            for (var g = 0; g < 8; g++)
            {
                var b = k * 8 + g;
                var x = q + b * Block;
                var dot = 0;
                for (var l = 0; l < Block; l++)
                {
                    dot += w[g * 32 + l] * x[l];
                }

                sum += scales[b] * d * dot;
            }
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ2KAvx2(byte* row, byte* activations, int blocks, bool vnni)
    {
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var ones = Vector256.Create((short)1);
        var oneBytes = Vector256.Create((byte)1);
        var three = Vector256.Create((byte)3);
        Vector256<float> products = default, minimums = default;
        for (var k = 0; k < blocks / 8; k++)
        {
            var block = row + k * GgmlKQuantization.Q2KBytes;
            var d = HalfToSingle(*(ushort*)(block + 80));
            var dmin = HalfToSingle(*(ushort*)(block + 82));
            for (var half = 0; half < 2; half++)
            {
                var pairs = Avx.LoadVector256(block + 16 + half * 32).AsUInt16();
                for (var s = 0; s < 4; s++)
                {
                    var g = half * 4 + s;
                    var b = k * 8 + g;
                    var values = Avx2.And(Vector256.ShiftRightLogical(pairs, 2 * s).AsByte(), three);
                    var x = Avx.LoadVector256(q + b * Block);
                    var dot = NibbleDot32(values, x, ones, vnni); // lanes 0-3: elements 0-15, lanes 4-7: 16-31
                    var xsum = NibbleDot32(oneBytes, x, ones, vnni);
                    int first = block[g * 2], second = block[g * 2 + 1];
                    var factor = d * scales[b];
                    var offset = dmin * scales[b];
                    products = Fma.MultiplyAdd(
                        Avx.ConvertToVector256Single(dot), Vector256.Create(Vector128.Create((first & 0x0F) * factor), Vector128.Create((second & 0x0F) * factor)), products);
                    minimums = Fma.MultiplyAdd(
                        Avx.ConvertToVector256Single(xsum), Vector256.Create(Vector128.Create((first >> 4) * offset), Vector128.Create((second >> 4) * offset)), minimums);
                }
            }
        }

        return Vector256.Sum(products) - Vector256.Sum(minimums);
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ3KAvx2(byte* row, byte* activations, int blocks, bool vnni)
    {
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var ones = Vector256.Create((short)1);
        var three = Vector256.Create((byte)3);
        var four = Vector256.Create((byte)4);
        var acc = Vector256<float>.Zero;
        var words = stackalloc uint[4];
        var sc = (byte*)words; // the sixteen 6-bit scales, stored + 32
        for (var k = 0; k < blocks / 8; k++)
        {
            var block = row + k * GgmlKQuantization.Q3KBytes;
            var d = HalfToSingle(*(ushort*)(block + 108));

            // Four scales per 32-bit word (little-endian): low nibbles of bytes 0-7 then their high nibbles, each
            // joined by its two high bits from bytes 8-11 (scales 0-3 bits 0-1, 4-7 bits 2-3, 8-11 bits 4-5, 12-15 bits 6-7).
            uint low0 = *(uint*)(block + 96), low1 = *(uint*)(block + 100), high = *(uint*)(block + 104);
            words[0] = (low0 & 0x0F0F0F0F) | ((high & 0x03030303) << 4);
            words[1] = (low1 & 0x0F0F0F0F) | (((high >> 2) & 0x03030303) << 4);
            words[2] = ((low0 >> 4) & 0x0F0F0F0F) | (((high >> 4) & 0x03030303) << 4);
            words[3] = ((low1 >> 4) & 0x0F0F0F0F) | (((high >> 6) & 0x03030303) << 4);

            var mask = Avx.LoadVector256(block);
            for (var half = 0; half < 2; half++)
            {
                var pairs = Avx.LoadVector256(block + 32 + half * 32).AsUInt16();
                for (var s = 0; s < 4; s++)
                {
                    var g = half * 4 + s;
                    var b = k * 8 + g;
                    var low = Avx2.And(Vector256.ShiftRightLogical(pairs, 2 * s).AsByte(), three);
                    var bit = Vector256.Create((byte)(1 << g));
                    var set = Avx2.CompareEqual(Avx2.And(mask, bit), bit);
                    var levels = Avx2.Subtract(low, Avx2.AndNot(set, four)).AsSByte(); // −4 where the high bit is clear
                    var dot = Dot32(levels, Avx.LoadVector256(q + b * Block), ones, vnni);
                    var factor = d * scales[b];
                    var scale = Vector256.Create(Vector128.Create((sc[g * 2] - 32) * factor), Vector128.Create((sc[g * 2 + 1] - 32) * factor));
                    acc = Fma.MultiplyAdd(Avx.ConvertToVector256Single(dot), scale, acc);
                }
            }
        }

        return Vector256.Sum(acc);
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ5KAvx2(byte* row, byte* activations, int blocks, bool vnni)
    {
        var scales = (float*)activations;
        var sums = (int*)(activations + blocks * 4);
        var q = (sbyte*)(activations + blocks * 8);
        var ones = Vector256.Create((short)1);
        var mask = Vector256.Create((byte)0x0F);
        var sixteen = Vector256.Create((byte)16);
        Vector256<float> acc0 = default, acc1 = default;
        var minimums = 0f;
        var sc = stackalloc byte[8];
        var mn = stackalloc byte[8];
        for (var k = 0; k < blocks / 8; k++)
        {
            var block = row + k * GgmlKQuantization.Q5KBytes;
            var d = HalfToSingle(*(ushort*)block);
            var dmin = HalfToSingle(*(ushort*)(block + 2));
            var packed = block + 4;
            for (var j = 0; j < 4; j++)
            {
                sc[j] = (byte)(packed[j] & 63);
                mn[j] = (byte)(packed[j + 4] & 63);
                sc[j + 4] = (byte)((packed[j + 8] & 0x0F) | ((packed[j] >> 6) << 4));
                mn[j + 4] = (byte)((packed[j + 8] >> 4) | ((packed[j + 4] >> 6) << 4));
            }

            var high = Avx.LoadVector256(block + 16);
            var x = q + k * 8 * Block;
            var xs = scales + k * 8;
            var xsum = sums + k * 8;
            for (var c = 0; c < 4; c++)
            {
                var nibbles = Avx.LoadVector256(block + 48 + c * 32);
                var bit0 = Vector256.Create((byte)(1 << (2 * c)));
                var bit1 = Vector256.Create((byte)(2 << (2 * c)));
                var low = Avx2.Or(Avx2.And(nibbles, mask), Avx2.And(Avx2.CompareEqual(Avx2.And(high, bit0), bit0), sixteen));
                var upper = Avx2.Or(
                    Avx2.And(Avx2.ShiftRightLogical(nibbles.AsUInt16(), 4).AsByte(), mask), Avx2.And(Avx2.CompareEqual(Avx2.And(high, bit1), bit1), sixteen));
                var dot0 = NibbleDot32(low, Avx.LoadVector256(x + c * 64), ones, vnni);
                var dot1 = NibbleDot32(upper, Avx.LoadVector256(x + c * 64 + 32), ones, vnni);
                acc0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(dot0), Vector256.Create(d * sc[2 * c] * xs[2 * c]), acc0);
                acc1 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(dot1), Vector256.Create(d * sc[2 * c + 1] * xs[2 * c + 1]), acc1);
            }

            var m = 0f;
            for (var j = 0; j < 8; j++)
            {
                m += mn[j] * xs[j] * xsum[j];
            }

            minimums += dmin * m;
        }

        return Vector256.Sum(acc0 + acc1) - minimums;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ8KAvx2(byte* row, byte* activations, int blocks, bool vnni)
    {
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var ones = Vector256.Create((short)1);
        Vector256<float> acc0 = default, acc1 = default;
        for (var k = 0; k < blocks / 8; k++)
        {
            var block = row + k * GgmlKQuantization.Q8KBytes;
            var d = *(float*)block;
            var w = (sbyte*)(block + 4);
            for (var g = 0; g < 8; g += 2)
            {
                var b = k * 8 + g;
                var dot0 = Dot32(Avx.LoadVector256(w + g * 32), Avx.LoadVector256(q + b * Block), ones, vnni);
                var dot1 = Dot32(Avx.LoadVector256(w + g * 32 + 32), Avx.LoadVector256(q + (b + 1) * Block), ones, vnni);
                acc0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(dot0), Vector256.Create(d * scales[b]), acc0);
                acc1 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(dot1), Vector256.Create(d * scales[b + 1]), acc1);
            }
        }

        return Vector256.Sum(acc0 + acc1);
    }
}
