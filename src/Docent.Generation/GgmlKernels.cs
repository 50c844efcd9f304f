using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Docent.Generation;

/// <summary>
/// The dot-product kernels behind the weight matrices, each with a scalar reference and SIMD paths (AVX-512,
/// AVX-VNNI, AVX2, portable Vector128). Block types follow llama.cpp: the input vector is quantised once per product
/// to 8-bit "activations" (blocks of 32 signed bytes with a float scale and the blocks' integer sum), then each
/// weight block is an integer dot product times the two scales. Activation layout for <c>n</c> columns
/// (<c>nb = n / 32</c>): <c>nb</c> float scales, <c>nb</c> int sums, <c>n</c> signed bytes. Stateless; thread-safe.
/// </summary>
internal static unsafe partial class GgmlKernels
{
    /// <summary>Elements per block (Q8_0, Q4_0 and the activations).</summary>
    public const int Block = 32;

    /// <summary>Bytes of one Q8_0 block: a float16 scale and 32 signed bytes.</summary>
    public const int Q8BlockBytes = 34;

    /// <summary>Bytes of one Q4_0 block: a float16 scale and 16 bytes of nibbles.</summary>
    public const int Q4BlockBytes = 18;

    /// <summary>The environment variable that picks another supported path (scalar, vector128, avx2, avxvnni, avx512) to compare paths.</summary>
    public const string PathVariable = "DOCENT_KERNELS";

    /// <summary>The path products use: the fastest this CPU runs (AVX-VNNI, else AVX2, else AVX-512, ...), unless <see cref="PathVariable"/> names another it supports.</summary>
    public static KernelPath Best { get; } = Choose();

    /// <summary>Every path this CPU runs, slowest (scalar) first.</summary>
    public static KernelPath[] Supported()
    {
        var paths = new List<KernelPath> { KernelPath.Scalar };
        if (Vector128.IsHardwareAccelerated)
        {
            paths.Add(KernelPath.Vector128);
        }

        if (Avx2.IsSupported && Fma.IsSupported)
        {
            paths.Add(KernelPath.Avx2);
            if (AvxVnni.IsSupported)
            {
                paths.Add(KernelPath.AvxVnni);
            }
        }

        if (Avx512BW.IsSupported && Avx512F.IsSupported && Fma.IsSupported)
        {
            paths.Add(KernelPath.Avx512);
        }

        return [.. paths];
    }

    private static KernelPath Choose()
    {
        var supported = Supported();
        var asked = Environment.GetEnvironmentVariable(PathVariable);
        if (Enum.TryParse<KernelPath>(asked, ignoreCase: true, out var path) && supported.Contains(path))
        {
            return path;
        }

        // AVX-512 comes last by choice: on the Zen CPU measured (docs/benchmarks.md) its 64-byte loads, which split
        // cache lines on 16-byte-aligned rows, made float32 products up to twice as slow and the block kernels ~10%
        // slower than AVX-VNNI/AVX2; DOCENT_KERNELS=avx512 still selects it.
        KernelPath[] preference = [KernelPath.AvxVnni, KernelPath.Avx2, KernelPath.Avx512, KernelPath.Vector128];
        return preference.FirstOrDefault(supported.Contains, KernelPath.Scalar);
    }

    /// <summary>The bytes of the activations of an input of <paramref name="columns"/> floats (a multiple of 32).</summary>
    public static int ActivationBytes(int columns) => columns / Block * 8 + columns;

    /// <summary>
    /// Quantises <paramref name="x"/> (a whole number of blocks) into activations: per block <c>d = max|x| / 127</c>,
    /// <c>q = round-to-even(x / d)</c>. Every path writes identical bytes (the same float operations, lane by lane).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void QuantizeActivations(ReadOnlySpan<float> x, Span<byte> destination, KernelPath path)
    {
        var nb = x.Length / Block;
        if (x.Length % Block != 0 || destination.Length < ActivationBytes(x.Length))
        {
            throw new ArgumentException($"{x.Length} floats are not whole blocks of {Block}, or the destination is too small.", nameof(x));
        }

        fixed (float* xp = x)
        fixed (byte* dp = destination)
        {
            var scales = (float*)dp;
            var sums = (int*)(dp + nb * 4);
            var q = (sbyte*)(dp + nb * 8);
            for (var b = 0; b < nb; b++)
            {
                var v = xp + b * Block;
                if (path == KernelPath.Scalar || !Vector256.IsHardwareAccelerated)
                {
                    var amax = 0f;
                    for (var j = 0; j < Block; j++)
                    {
                        amax = MathF.Max(amax, MathF.Abs(v[j]));
                    }

                    var d = amax / 127f;
                    var id = d != 0 ? 1f / d : 0f;
                    var sum = 0;
                    for (var j = 0; j < Block; j++)
                    {
                        var value = (int)MathF.Round(v[j] * id);
                        q[b * Block + j] = (sbyte)value;
                        sum += value;
                    }

                    scales[b] = d;
                    sums[b] = sum;
                }
                else
                {
                    var v0 = Vector256.Load(v);
                    var v1 = Vector256.Load(v + 8);
                    var v2 = Vector256.Load(v + 16);
                    var v3 = Vector256.Load(v + 24);
                    var m = Vector256.Max(Vector256.Max(Vector256.Abs(v0), Vector256.Abs(v1)), Vector256.Max(Vector256.Abs(v2), Vector256.Abs(v3)));
                    var amax = 0f;
                    for (var j = 0; j < 8; j++)
                    {
                        amax = MathF.Max(amax, m.GetElement(j));
                    }

                    var d = amax / 127f;
                    var id = Vector256.Create(d != 0 ? 1f / d : 0f);
                    var i0 = Vector256.ConvertToInt32(Vector256.Round(v0 * id));
                    var i1 = Vector256.ConvertToInt32(Vector256.Round(v1 * id));
                    var i2 = Vector256.ConvertToInt32(Vector256.Round(v2 * id));
                    var i3 = Vector256.ConvertToInt32(Vector256.Round(v3 * id));
                    var bytes = Vector256.Narrow(Vector256.Narrow(i0, i1), Vector256.Narrow(i2, i3));
                    bytes.Store(q + b * Block);
                    scales[b] = d;
                    sums[b] = Vector256.Sum((i0 + i1) + (i2 + i3));
                }
            }
        }
    }

    /// <summary>
    /// float16 bits to float, exact for every finite value (infinities and NaNs are not expected in scales), with no
    /// subnormal float arithmetic: a normal value moves its exponent by integer addition, a subnormal one (K-quant
    /// super-block scales of small weights often are) converts its mantissa from an integer. Multiplying a subnormal
    /// float, as a 2^112 rescaling would, costs a microcode assist on x86: it made Q6_K products 3.5× slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HalfToSingle(ushort h)
    {
        var magnitude = (uint)(h & 0x7FFF);
        var value = magnitude >= 0x0400
            ? BitConverter.UInt32BitsToSingle((magnitude << 13) + (112u << 23))
            : magnitude * 5.9604645e-8f; // 2^-24: the exact value of a subnormal's unit
        return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(value) | ((uint)(h & 0x8000) << 16));
    }

    /// <summary>A Q8_0 row · activations, on spans (tests).</summary>
    public static float DotQ8(ReadOnlySpan<byte> row, ReadOnlySpan<byte> activations, KernelPath path)
    {
        fixed (byte* r = row, a = activations)
        {
            return DotQ8(r, a, row.Length / Q8BlockBytes, path);
        }
    }

    /// <summary>A Q4_0 row · activations, on spans (tests).</summary>
    public static float DotQ4(ReadOnlySpan<byte> row, ReadOnlySpan<byte> activations, KernelPath path)
    {
        fixed (byte* r = row, a = activations)
        {
            return DotQ4(r, a, row.Length / Q4BlockBytes, path);
        }
    }

    /// <summary><c>a · b</c> on spans of equal length (tests).</summary>
    public static float DotF32(ReadOnlySpan<float> a, ReadOnlySpan<float> b, KernelPath path)
    {
        fixed (float* pa = a, pb = b[..a.Length])
        {
            return DotF32(pa, pb, a.Length, path);
        }
    }

    /// <summary>Row of <paramref name="blocks"/> Q8_0 blocks · activations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotQ8(byte* row, byte* activations, int blocks, KernelPath path) => path switch
    {
        KernelPath.Avx512 => DotQ8Avx512(row, activations, blocks),
        KernelPath.AvxVnni => DotQ8Avx2<Vnni>(row, activations, blocks),
        KernelPath.Avx2 => DotQ8Avx2<NoVnni>(row, activations, blocks),
        KernelPath.Vector128 => DotQ8Vector128(row, activations, blocks),
        _ => DotQ8Scalar(row, activations, blocks),
    };

    /// <summary>Row of <paramref name="blocks"/> Q4_0 blocks · activations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotQ4(byte* row, byte* activations, int blocks, KernelPath path) => path switch
    {
        KernelPath.Avx512 => DotQ4Avx512(row, activations, blocks),
        KernelPath.AvxVnni => DotQ4Avx2<Vnni>(row, activations, blocks),
        KernelPath.Avx2 => DotQ4Avx2<NoVnni>(row, activations, blocks),
        KernelPath.Vector128 => DotQ4Vector128(row, activations, blocks),
        _ => DotQ4Scalar(row, activations, blocks),
    };

    /// <summary><c>a · b</c> over <paramref name="n"/> floats: four accumulators, the same order on every call, so results never depend on alignment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotF32(float* a, float* b, int n, KernelPath path)
    {
        var i = 0;
        var sum = 0f;
        if (path >= KernelPath.Avx512 && Vector512.IsHardwareAccelerated)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 64; i += 64)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i + 16), Vector512.Load(b + i + 16), a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i + 32), Vector512.Load(b + i + 32), a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i + 48), Vector512.Load(b + i + 48), a3);
            }

            for (; i <= n - 16; i += 16)
            {
                a0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), a0);
            }

            sum = Vector512.Sum((a0 + a1) + (a2 + a3));
        }
        else if (path >= KernelPath.Avx2 && Vector256.IsHardwareAccelerated)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - 32; i += 32)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), Vector256.Load(b + i), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i + 8), Vector256.Load(b + i + 8), a1);
                a2 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i + 16), Vector256.Load(b + i + 16), a2);
                a3 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i + 24), Vector256.Load(b + i + 24), a3);
            }

            for (; i <= n - 8; i += 8)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), Vector256.Load(b + i), a0);
            }

            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        else if (path >= KernelPath.Vector128 && Vector128.IsHardwareAccelerated)
        {
            Vector128<float> a0 = default, a1 = default;
            for (; i <= n - 8; i += 8)
            {
                a0 += Vector128.Load(a + i) * Vector128.Load(b + i);
                a1 += Vector128.Load(a + i + 4) * Vector128.Load(b + i + 4);
            }

            sum = Vector128.Sum(a0 + a1);
        }

        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>
    /// <c>w · x</c> over <paramref name="n"/> elements, <paramref name="w"/> bfloat16 (widened by a 16-bit shift in
    /// registers, never in memory): two accumulators on the SIMD paths, a plain loop on <see cref="KernelPath.Scalar"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotBF16(ushort* w, float* x, int n, KernelPath path)
    {
        var i = 0;
        var sum = 0f;
        if (path >= KernelPath.Avx2 && Avx2.IsSupported && Fma.IsSupported)
        {
            Vector256<float> a0 = default, a1 = default;
            for (; i <= n - 16; i += 16)
            {
                var w0 = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(w + i), 16).AsSingle();
                var w1 = Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(w + i + 8), 16).AsSingle();
                a0 = Fma.MultiplyAdd(w0, Avx.LoadVector256(x + i), a0);
                a1 = Fma.MultiplyAdd(w1, Avx.LoadVector256(x + i + 8), a1);
            }

            sum = Vector256.Sum(a0 + a1);
        }
        else if (path >= KernelPath.Vector128 && Vector128.IsHardwareAccelerated)
        {
            Vector128<float> a0 = default, a1 = default;
            for (; i <= n - 8; i += 8)
            {
                var h = Vector128.Load(w + i);
                a0 += Vector128.ShiftLeft(Vector128.WidenLower(h), 16).AsSingle() * Vector128.Load(x + i);
                a1 += Vector128.ShiftLeft(Vector128.WidenUpper(h), 16).AsSingle() * Vector128.Load(x + i + 4);
            }

            sum = Vector128.Sum(a0 + a1);
        }

        for (; i < n; i++)
        {
            sum += BitConverter.UInt32BitsToSingle((uint)w[i] << 16) * x[i];
        }

        return sum;
    }

    private static float DotQ8Scalar(byte* row, byte* activations, int blocks)
    {
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var sum = 0f;
        for (var b = 0; b < blocks; b++)
        {
            var block = row + b * Q8BlockBytes;
            var w = (sbyte*)(block + 2);
            var x = q + b * Block;
            var dot = 0;
            for (var j = 0; j < Block; j++)
            {
                dot += w[j] * x[j];
            }

            sum += dot * (HalfToSingle(*(ushort*)block) * scales[b]);
        }

        return sum;
    }

    private static float DotQ4Scalar(byte* row, byte* activations, int blocks)
    {
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var sum = 0f;
        for (var b = 0; b < blocks; b++)
        {
            var block = row + b * Q4BlockBytes;
            var x = q + b * Block;
            var dot = 0;
            for (var j = 0; j < Block / 2; j++)
            {
                var packed = block[2 + j];
                dot += ((packed & 0x0F) - 8) * x[j];
                dot += ((packed >> 4) - 8) * x[j + 16];
            }

            sum += dot * (HalfToSingle(*(ushort*)block) * scales[b]);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ8Vector128(byte* row, byte* activations, int blocks)
    {
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var sum = 0f;
        for (var b = 0; b < blocks; b++)
        {
            var block = row + b * Q8BlockBytes;
            var w0 = Vector128.Load((sbyte*)(block + 2));
            var w1 = Vector128.Load((sbyte*)(block + 18));
            var x0 = Vector128.Load(q + b * Block);
            var x1 = Vector128.Load(q + b * Block + 16);
            var dot = Products(w0, x0) + Products(w1, x1);
            sum += Vector128.Sum(dot) * (HalfToSingle(*(ushort*)block) * scales[b]);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ4Vector128(byte* row, byte* activations, int blocks)
    {
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var mask = Vector128.Create((byte)0x0F);
        var eight = Vector128.Create((sbyte)8);
        var sum = 0f;
        for (var b = 0; b < blocks; b++)
        {
            var block = row + b * Q4BlockBytes;
            var packed = Vector128.Load(block + 2);
            var low = (packed & mask).AsSByte() - eight;
            var high = Vector128.ShiftRightLogical(packed, 4).AsSByte() - eight;
            var dot = Products(low, Vector128.Load(q + b * Block)) + Products(high, Vector128.Load(q + b * Block + 16));
            sum += Vector128.Sum(dot) * (HalfToSingle(*(ushort*)block) * scales[b]);
        }

        return sum;
    }

    /// <summary>Sixteen signed byte products folded into four int lanes (widening, so nothing saturates).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Products(Vector128<sbyte> w, Vector128<sbyte> x)
    {
        var lo = Vector128.WidenLower(w) * Vector128.WidenLower(x);
        var hi = Vector128.WidenUpper(w) * Vector128.WidenUpper(x);
        return Vector128.WidenLower(lo) + Vector128.WidenUpper(lo) + Vector128.WidenLower(hi) + Vector128.WidenUpper(hi);
    }

    /// <summary>Blocks per chunk whose combined scales are computed ahead of the dot products.</summary>
    private const int ScaleChunk = 256;

    /// <summary>
    /// Writes <c>destination[i] = half(block i's scale) × xScales[i]</c> for <paramref name="count"/> blocks
    /// <paramref name="blockBytes"/> apart: eight at a time with a gather and a vector float16 conversion, which costs
    /// far less than converting each block's scale on its own inside the dot loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CombinedScales(byte* blocks, int count, int blockBytes, float* xScales, float* destination)
    {
        var i = 0;
        var offsets = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * blockBytes;
        for (; i + 8 <= count; i += 8)
        {
            (EightHalfScales(blocks + i * blockBytes, offsets) * Vector256.Load(xScales + i)).Store(destination + i);
        }

        for (; i < count; i++)
        {
            destination[i] = HalfToSingle(*(ushort*)(blocks + i * blockBytes)) * xScales[i];
        }
    }

    /// <summary>Writes the float16 scale of each of <paramref name="count"/> blocks <paramref name="blockBytes"/> apart as a float (the same values <see cref="HalfToSingle"/> gives).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HalfScales(byte* blocks, int count, int blockBytes, float* destination)
    {
        var i = 0;
        var offsets = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * blockBytes;
        for (; i + 8 <= count; i += 8)
        {
            EightHalfScales(blocks + i * blockBytes, offsets).Store(destination + i);
        }

        for (; i < count; i++)
        {
            destination[i] = HalfToSingle(*(ushort*)(blocks + i * blockBytes));
        }
    }

    /// <summary>The float16 at the start of eight blocks (<paramref name="offsets"/> bytes from <paramref name="blocks"/>) as floats, by one gather.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> EightHalfScales(byte* blocks, Vector256<int> offsets)
    {
        var bits = Avx2.GatherVector256((int*)blocks, offsets, 1).AsUInt32();
        // As HalfToSingle: normal values by integer exponent arithmetic, subnormal ones from their integer mantissa.
        var half = bits & Vector256.Create(0x7FFFu);
        var normal = Vector256.ShiftLeft(half, 13) + Vector256.Create(112u << 23);
        var subnormal = Vector256.ConvertToSingle(half.AsInt32()) * Vector256.Create(5.9604645e-8f);
        var magnitude = Vector256.ConditionalSelect(Vector256.LessThan(half, Vector256.Create(0x0400u)), subnormal.AsUInt32(), normal);
        return (magnitude | Vector256.ShiftLeft(bits & Vector256.Create(0x8000u), 16)).AsSingle();
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ8Avx2<TVnni>(byte* row, byte* activations, int blocks)
        where TVnni : struct
    {
        var vnni = typeof(TVnni) == typeof(Vnni);
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var ones = Vector256.Create((short)1);
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var d = stackalloc float[ScaleChunk];
        for (var chunk = 0; chunk < blocks; chunk += ScaleChunk)
        {
            var end = Math.Min(blocks, chunk + ScaleChunk);
            CombinedScales(row + chunk * Q8BlockBytes, end - chunk, Q8BlockBytes, scales + chunk, d);
            var b = chunk;
            for (; b + 1 < end; b += 2)
            {
                var block0 = row + b * Q8BlockBytes;
                var d0 = Dot32(Avx.LoadVector256((sbyte*)(block0 + 2)), Avx.LoadVector256(q + b * Block), ones, vnni);
                var d1 = Dot32(Avx.LoadVector256((sbyte*)(block0 + Q8BlockBytes + 2)), Avx.LoadVector256(q + (b + 1) * Block), ones, vnni);
                acc0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(d0), Vector256.Create(d[b - chunk]), acc0);
                acc1 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(d1), Vector256.Create(d[b + 1 - chunk]), acc1);
            }

            if (b < end)
            {
                var d0 = Dot32(Avx.LoadVector256((sbyte*)(row + b * Q8BlockBytes + 2)), Avx.LoadVector256(q + b * Block), ones, vnni);
                acc0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(d0), Vector256.Create(d[b - chunk]), acc0);
            }
        }

        return Vector256.Sum(acc0 + acc1);
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ4Avx2<TVnni>(byte* row, byte* activations, int blocks)
        where TVnni : struct
    {
        var vnni = typeof(TVnni) == typeof(Vnni);
        var scales = (float*)activations;
        var sums = (int*)(activations + blocks * 4);
        var q = (sbyte*)(activations + blocks * 8);
        var ones = Vector256.Create((short)1);
        var mask = Vector256.Create((byte)0x0F);
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var d = stackalloc float[ScaleChunk];
        for (var chunk = 0; chunk < blocks; chunk += ScaleChunk)
        {
            var end = Math.Min(blocks, chunk + ScaleChunk);
            CombinedScales(row + chunk * Q4BlockBytes, end - chunk, Q4BlockBytes, scales + chunk, d);
            var b = chunk;
            for (; b + 1 < end; b += 2)
            {
                var block0 = row + b * Q4BlockBytes;
                var d0 = NibbleDot32(Nibbles(block0, mask), Avx.LoadVector256(q + b * Block), ones, vnni) - Vector256.Create(sums[b]);
                var d1 = NibbleDot32(Nibbles(block0 + Q4BlockBytes, mask), Avx.LoadVector256(q + (b + 1) * Block), ones, vnni) - Vector256.Create(sums[b + 1]);
                acc0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(d0), Vector256.Create(d[b - chunk]), acc0);
                acc1 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(d1), Vector256.Create(d[b + 1 - chunk]), acc1);
            }

            if (b < end)
            {
                var d0 = NibbleDot32(Nibbles(row + b * Q4BlockBytes, mask), Avx.LoadVector256(q + b * Block), ones, vnni) - Vector256.Create(sums[b]);
                acc0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(d0), Vector256.Create(d[b - chunk]), acc0);
            }
        }

        return Vector256.Sum(acc0 + acc1);
    }

    /// <summary>The 32 unsigned nibbles of a Q4_0 block in element order (low nibbles, then high nibbles).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Nibbles(byte* block, Vector256<byte> mask)
    {
        var packed = Sse2.LoadVector128(block + 2);
        var both = Vector256.Create(packed, Sse2.ShiftRightLogical(packed.AsUInt16(), 4).AsByte());
        return Avx2.And(both, mask);
    }

    /// <summary>Signed bytes · signed bytes into eight int lanes: |w| times x carrying w's sign, as <c>vpmaddubsw</c> needs one unsigned side.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Dot32(Vector256<sbyte> w, Vector256<sbyte> x, Vector256<short> ones, bool vnni) =>
        SignedDot32(Avx2.Abs(w), w, x, ones, vnni);

    /// <summary><see cref="Dot32"/> with the weights' magnitudes <paramref name="magnitude"/> (<c>|w|</c>) already taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> SignedDot32(Vector256<byte> magnitude, Vector256<sbyte> w, Vector256<sbyte> x, Vector256<short> ones, bool vnni)
    {
        var signed = Avx2.Sign(x, w);
        return vnni
            ? AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, magnitude, signed)
            : Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, signed), ones);
    }

    /// <summary>Unsigned nibbles · signed bytes into eight int lanes (the caller subtracts 8 × the block's activation sum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> NibbleDot32(Vector256<byte> nibbles, Vector256<sbyte> x, Vector256<short> ones, bool vnni) =>
        vnni
            ? AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, nibbles, x)
            : Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(nibbles, x), ones);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ8Avx512(byte* row, byte* activations, int blocks)
    {
        var scales = (float*)activations;
        var q = (sbyte*)(activations + blocks * 8);
        var ones = Vector512.Create((short)1);
        var acc = Vector512<float>.Zero;
        var b = 0;
        for (; b + 1 < blocks; b += 2)
        {
            var block0 = row + b * Q8BlockBytes;
            var block1 = block0 + Q8BlockBytes;
            var w = Vector512.Create(Vector256.Load((sbyte*)(block0 + 2)), Vector256.Load((sbyte*)(block1 + 2)));
            var x = Vector512.Load(q + b * Block);
            var negative = Vector512.LessThan(w, Vector512<sbyte>.Zero);
            var magnitude = Avx512BW.Abs(w);
            var signed = Vector512.ConditionalSelect(negative, -x, x);
            var dot = Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(magnitude, signed), ones);
            var scale = Vector512.Create(
                Vector256.Create(HalfToSingle(*(ushort*)block0) * scales[b]), Vector256.Create(HalfToSingle(*(ushort*)block1) * scales[b + 1]));
            acc = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(dot), scale, acc);
        }

        var sum = Vector512.Sum(acc);
        if (b < blocks)
        {
            var tail = Tail(activations, blocks, b, stackalloc byte[8 + Block]);
            sum += AvxVnni.IsSupported ? DotQ8Avx2<Vnni>(row + b * Q8BlockBytes, tail, 1) : DotQ8Avx2<NoVnni>(row + b * Q8BlockBytes, tail, 1);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ4Avx512(byte* row, byte* activations, int blocks)
    {
        var scales = (float*)activations;
        var sums = (int*)(activations + blocks * 4);
        var q = (sbyte*)(activations + blocks * 8);
        var ones = Vector512.Create((short)1);
        var mask = Vector256.Create((byte)0x0F);
        var acc = Vector512<float>.Zero;
        var b = 0;
        for (; b + 1 < blocks; b += 2)
        {
            var block0 = row + b * Q4BlockBytes;
            var block1 = block0 + Q4BlockBytes;
            var nibbles = Vector512.Create(Nibbles(block0, mask), Nibbles(block1, mask));
            var x = Vector512.Load(q + b * Block);
            var dot = Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(nibbles, x), ones)
                - Vector512.Create(Vector256.Create(sums[b]), Vector256.Create(sums[b + 1]));
            var scale = Vector512.Create(
                Vector256.Create(HalfToSingle(*(ushort*)block0) * scales[b]), Vector256.Create(HalfToSingle(*(ushort*)block1) * scales[b + 1]));
            acc = Avx512F.FusedMultiplyAdd(Avx512F.ConvertToVector512Single(dot), scale, acc);
        }

        var sum = Vector512.Sum(acc);
        if (b < blocks)
        {
            var tail = Tail(activations, blocks, b, stackalloc byte[8 + Block]);
            sum += AvxVnni.IsSupported ? DotQ4Avx2<Vnni>(row + b * Q4BlockBytes, tail, 1) : DotQ4Avx2<NoVnni>(row + b * Q4BlockBytes, tail, 1);
        }

        return sum;
    }

    /// <summary>Block <paramref name="b"/> of the activations repacked as a one-block activation vector.</summary>
    private static byte* Tail(byte* activations, int blocks, int b, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            *(float*)p = ((float*)activations)[b];
            *(int*)(p + 4) = ((int*)(activations + blocks * 4))[b];
            Buffer.MemoryCopy(activations + blocks * 8 + b * Block, p + 8, Block, Block);
            return p; // stack memory: stays put without pinning
        }
    }

    /// <summary>Type argument of a kernel compiled for AVX-VNNI's <c>vpdpbusd</c>/<c>vpdpwssd</c> (its branches fold away at JIT time).</summary>
    private readonly struct Vnni;

    /// <summary>Type argument of a kernel compiled for plain AVX2 (<c>vpmaddubsw</c> then <c>vpmaddwd</c>).</summary>
    private readonly struct NoVnni;
}
