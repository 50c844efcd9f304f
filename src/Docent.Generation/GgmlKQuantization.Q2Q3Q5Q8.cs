namespace Docent.Generation;

// The K-quants added after Q4_K and Q6_K, byte for byte as ggml lays them out (super-blocks of 256):
// Q2_K (84 bytes): sixteen bytes of 4-bit scale (low) and 4-bit minimum (high), one per 16 values; 64 bytes of 2-bit
//   values; float16 d; float16 dmin. Value = d·scale·q − dmin·min.
// Q3_K (110 bytes): a 32-byte high-bit mask; 64 bytes of low bit pairs; 12 bytes packing sixteen 6-bit scales (stored
//   +32); float16 d. Value = d·(scale − 32)·(q − 4), q the 3-bit level.
// Q5_K (176 bytes): float16 d and dmin; 12 bytes of 6-bit scales and minimums packed as Q4_K's; a 32-byte high-bit
//   mask; 128 bytes of nibbles as Q4_K's. Value = d·scale·q − dmin·min, q the 5-bit level.
// Q8_K (292 bytes): float32 d; 256 signed bytes; sixteen int16 sums of each 16 bytes. Value = d·q.
// The 2-bit values of Q2_K and Q3_K: element i (of 256) sits in byte (i / 128)·32 + i % 32 at bit 2·((i / 32) % 4),
// and Q3_K's high bit of element i in mask byte i % 32 at bit i / 32; Q5_K's high bit of element i likewise.
internal static partial class GgmlKQuantization
{
    /// <summary>Bytes of one Q2_K super-block.</summary>
    public const int Q2KBytes = 84;

    /// <summary>Bytes of one Q3_K super-block.</summary>
    public const int Q3KBytes = 110;

    /// <summary>Bytes of one Q5_K super-block.</summary>
    public const int Q5KBytes = 176;

    /// <summary>Bytes of one Q8_K super-block.</summary>
    public const int Q8KBytes = 292;

    /// <summary>Whether <paramref name="type"/> is one of the K-quants (super-blocks of 256).</summary>
    public static bool IsKQuant(GgufTensorType type) => type is GgufTensorType.Q2_K or GgufTensorType.Q3_K or GgufTensorType.Q4_K
        or GgufTensorType.Q5_K or GgufTensorType.Q6_K or GgufTensorType.Q8_K;

    /// <summary>The bytes of one super-block of the K-quant <paramref name="type"/>.</summary>
    public static int SuperBlockBytes(GgufTensorType type) => type switch
    {
        GgufTensorType.Q2_K => Q2KBytes,
        GgufTensorType.Q3_K => Q3KBytes,
        GgufTensorType.Q4_K => Q4KBytes,
        GgufTensorType.Q5_K => Q5KBytes,
        GgufTensorType.Q6_K => Q6KBytes,
        GgufTensorType.Q8_K => Q8KBytes,
        _ => throw new NotSupportedException($"{type} is not a K-quant."),
    };

    /// <summary>Decodes one super-block of the K-quant <paramref name="type"/> into 256 floats.</summary>
    public static void DequantizeSuperBlock(GgufTensorType type, ReadOnlySpan<byte> block, Span<float> output)
    {
        switch (type)
        {
            case GgufTensorType.Q2_K: DequantizeQ2K(block, output); break;
            case GgufTensorType.Q3_K: DequantizeQ3K(block, output); break;
            case GgufTensorType.Q4_K: DequantizeQ4K(block, output); break;
            case GgufTensorType.Q5_K: DequantizeQ5K(block, output); break;
            case GgufTensorType.Q6_K: DequantizeQ6K(block, output); break;
            case GgufTensorType.Q8_K: DequantizeQ8K(block, output); break;
            default: throw new NotSupportedException($"{type} is not a K-quant.");
        }
    }

    /// <summary>Encodes 256 floats as one super-block of the K-quant <paramref name="type"/>.</summary>
    public static void QuantizeSuperBlock(GgufTensorType type, ReadOnlySpan<float> x, Span<byte> block)
    {
        switch (type)
        {
            case GgufTensorType.Q2_K: QuantizeQ2K(x, block); break;
            case GgufTensorType.Q3_K: QuantizeQ3K(x, block); break;
            case GgufTensorType.Q4_K: QuantizeQ4K(x, block); break;
            case GgufTensorType.Q5_K: QuantizeQ5K(x, block); break;
            case GgufTensorType.Q6_K: QuantizeQ6K(x, block); break;
            case GgufTensorType.Q8_K: QuantizeQ8K(x, block); break;
            default: throw new NotSupportedException($"{type} is not a K-quant.");
        }
    }

    /// <summary>The byte (within the 64 bytes of 2-bit values) holding element <paramref name="i"/> of a Q2_K or Q3_K super-block.</summary>
    public static int PairByte(int i) => i / 128 * 32 + i % 32;

    /// <summary>The bit shift of element <paramref name="i"/>'s 2-bit value within its <see cref="PairByte"/>.</summary>
    public static int PairShift(int i) => i / 32 % 4 * 2;

    /// <summary>Sub-block <paramref name="j"/>'s signed scale (−32 to 31) from the 12 packed bytes of a Q3_K block.</summary>
    public static int Q3Scale(ReadOnlySpan<byte> packed, int j) =>
        ((j < 8 ? packed[j] & 0x0F : packed[j - 8] >> 4) | (((packed[8 + j % 4] >> (2 * (j / 4))) & 3) << 4)) - 32;

    /// <summary>Decodes one Q2_K super-block into 256 floats.</summary>
    public static void DequantizeQ2K(ReadOnlySpan<byte> block, Span<float> output)
    {
        var d = (float)BitConverter.ToHalf(block[80..]);
        var dmin = (float)BitConverter.ToHalf(block[82..]);
        var qs = block.Slice(16, 64);
        for (var i = 0; i < SuperBlock; i++)
        {
            var scaleMin = block[i / 16];
            var q = (qs[PairByte(i)] >> PairShift(i)) & 3;
            output[i] = d * (scaleMin & 0x0F) * q - dmin * (scaleMin >> 4);
        }
    }

    /// <summary>Decodes one Q3_K super-block into 256 floats.</summary>
    public static void DequantizeQ3K(ReadOnlySpan<byte> block, Span<float> output)
    {
        var d = (float)BitConverter.ToHalf(block[108..]);
        var mask = block[..32];
        var qs = block.Slice(32, 64);
        var packed = block.Slice(96, 12);
        for (var i = 0; i < SuperBlock; i++)
        {
            var low = (qs[PairByte(i)] >> PairShift(i)) & 3;
            var q = low - (((mask[i % 32] >> (i / 32)) & 1) != 0 ? 0 : 4);
            output[i] = d * Q3Scale(packed, i / 16) * q;
        }
    }

    /// <summary>Decodes one Q5_K super-block into 256 floats.</summary>
    public static void DequantizeQ5K(ReadOnlySpan<byte> block, Span<float> output)
    {
        var d = (float)BitConverter.ToHalf(block);
        var dmin = (float)BitConverter.ToHalf(block[2..]);
        var packed = block.Slice(4, 12);
        var high = block.Slice(16, 32);
        var qs = block.Slice(48, 128);
        for (var j = 0; j < 8; j++)
        {
            var (scale, min) = ScaleMin(packed, j);
            float step = d * scale, offset = dmin * min;
            for (var l = 0; l < 32; l++)
            {
                var nibble = j % 2 == 0 ? qs[j / 2 * 32 + l] & 0x0F : qs[j / 2 * 32 + l] >> 4;
                var q = nibble | (((high[l] >> j) & 1) << 4);
                output[j * 32 + l] = step * q - offset;
            }
        }
    }

    /// <summary>Decodes one Q8_K super-block into 256 floats.</summary>
    public static void DequantizeQ8K(ReadOnlySpan<byte> block, Span<float> output)
    {
        var d = BitConverter.ToSingle(block);
        for (var i = 0; i < SuperBlock; i++)
        {
            output[i] = d * (sbyte)block[4 + i];
        }
    }

    /// <summary>
    /// Encodes 256 floats as one Q2_K super-block: each sub-block of 16 gets scale <c>(max − min) / 3</c> and minimum
    /// <c>−min</c> (min capped at 0), both quantised to 4 bits against the largest, then every value is re-fitted to
    /// the quantised scale and minimum.
    /// </summary>
    public static void QuantizeQ2K(ReadOnlySpan<float> x, Span<byte> block)
    {
        Span<float> scales = stackalloc float[16];
        Span<float> mins = stackalloc float[16];
        var (maxScale, maxMin) = FitScalesAndMinimums(x, 16, 3, scales, mins);
        block.Clear();
        var d = (Half)(maxScale / 15f);
        var dmin = (Half)(maxMin / 15f);
        BitConverter.TryWriteBytes(block[80..], d);
        BitConverter.TryWriteBytes(block[82..], dmin);
        var qs = block.Slice(16, 64);
        for (var j = 0; j < 16; j++)
        {
            var ls = maxScale > 0 ? Math.Min(15, (int)MathF.Round(15f / maxScale * scales[j])) : 0;
            var lm = maxMin > 0 ? Math.Min(15, (int)MathF.Round(15f / maxMin * mins[j])) : 0;
            block[j] = (byte)(ls | (lm << 4));
            float step = (float)d * ls, offset = (float)dmin * lm;
            for (var l = 0; l < 16; l++)
            {
                var i = j * 16 + l;
                var q = step == 0 ? 0 : Math.Clamp((int)MathF.Round((x[i] + offset) / step), 0, 3);
                qs[PairByte(i)] |= (byte)(q << PairShift(i));
            }
        }
    }

    /// <summary>
    /// Encodes 256 floats as one Q3_K super-block: each sub-block of 16 gets scale <c>m / −4</c> (m its value of
    /// largest magnitude), the scales are quantised to signed 6 bits against the largest, then every value is re-fitted
    /// to its quantised scale as a level of −4 to 3.
    /// </summary>
    public static void QuantizeQ3K(ReadOnlySpan<float> x, Span<byte> block)
    {
        block.Clear();
        Span<float> scales = stackalloc float[16];
        var maxScale = SignedScales(x, 16, -4f, scales);
        if (maxScale == 0)
        {
            return; // all zero: d = 0
        }

        var inverse = -32f / maxScale;
        var d = (Half)(1f / inverse);
        BitConverter.TryWriteBytes(block[108..], d);
        var packed = block.Slice(96, 12);
        for (var j = 0; j < 16; j++)
        {
            var l = Math.Clamp((int)MathF.Round(inverse * scales[j]), -32, 31) + 32;
            packed[j % 8] |= (byte)((l & 0x0F) << (j < 8 ? 0 : 4));
            packed[8 + j % 4] |= (byte)((l >> 4) << (2 * (j / 4)));
        }

        var mask = block[..32];
        var qs = block.Slice(32, 64);
        for (var i = 0; i < SuperBlock; i++)
        {
            var step = (float)d * Q3Scale(packed, i / 16);
            var level = (step == 0 ? 0 : Math.Clamp((int)MathF.Round(x[i] / step), -4, 3)) + 4;
            qs[PairByte(i)] |= (byte)((level & 3) << PairShift(i));
            mask[i % 32] |= (byte)((level >> 2) << (i / 32));
        }
    }

    /// <summary>
    /// Encodes 256 floats as one Q5_K super-block: as <see cref="QuantizeQ4K"/> with 31 steps per sub-block of 32, the
    /// fifth bit of each value in the high-bit mask.
    /// </summary>
    public static void QuantizeQ5K(ReadOnlySpan<float> x, Span<byte> block)
    {
        Span<float> scales = stackalloc float[8];
        Span<float> mins = stackalloc float[8];
        var (maxScale, maxMin) = FitScalesAndMinimums(x, 32, 31, scales, mins);
        block.Clear();
        var packed = block.Slice(4, 12);
        for (var j = 0; j < 8; j++)
        {
            var ls = maxScale > 0 ? Math.Min(63, (int)MathF.Round(63f / maxScale * scales[j])) : 0;
            var lm = maxMin > 0 ? Math.Min(63, (int)MathF.Round(63f / maxMin * mins[j])) : 0;
            PackScaleMin(packed, j, ls, lm);
        }

        var d = (Half)(maxScale / 63f);
        var dmin = (Half)(maxMin / 63f);
        BitConverter.TryWriteBytes(block, d);
        BitConverter.TryWriteBytes(block[2..], dmin);
        var high = block.Slice(16, 32);
        var qs = block.Slice(48, 128);
        for (var j = 0; j < 8; j++)
        {
            var (s, m) = ScaleMin(packed, j);
            float step = (float)d * s, offset = (float)dmin * m;
            for (var l = 0; l < 32; l++)
            {
                var q = step == 0 ? 0 : Math.Clamp((int)MathF.Round((x[j * 32 + l] + offset) / step), 0, 31);
                qs[j / 2 * 32 + l] |= (byte)(j % 2 == 0 ? q & 0x0F : (q & 0x0F) << 4);
                high[l] |= (byte)((q >> 4) << j);
            }
        }
    }

    /// <summary>
    /// Encodes 256 floats as one Q8_K super-block as ggml's reference does: the value of largest magnitude maps to
    /// −127 (others rounded to nearest, capped at 127), then the sums of each 16.
    /// </summary>
    public static void QuantizeQ8K(ReadOnlySpan<float> x, Span<byte> block)
    {
        block.Clear();
        float amax = 0, max = 0;
        foreach (var v in x[..SuperBlock])
        {
            if (MathF.Abs(v) > amax)
            {
                (amax, max) = (MathF.Abs(v), v);
            }
        }

        if (amax == 0)
        {
            return; // d = 0
        }

        var inverse = -127f / max;
        BitConverter.TryWriteBytes(block, 1f / inverse);
        for (var j = 0; j < 16; j++)
        {
            var sum = 0;
            for (var l = 0; l < 16; l++)
            {
                var q = Math.Min(127, (int)MathF.Round(inverse * x[j * 16 + l]));
                block[4 + j * 16 + l] = (byte)(sbyte)q;
                sum += q;
            }

            BitConverter.TryWriteBytes(block[(260 + j * 2)..], (short)sum);
        }
    }

    /// <summary>Writes sub-block <paramref name="j"/>'s 6-bit scale and minimum into the 12 packed bytes (the inverse of <see cref="ScaleMin"/>).</summary>
    private static void PackScaleMin(Span<byte> packed, int j, int scale, int min)
    {
        if (j < 4)
        {
            packed[j] |= (byte)scale;
            packed[j + 4] |= (byte)min;
        }
        else
        {
            packed[j + 4] = (byte)((scale & 0x0F) | ((min & 0x0F) << 4));
            packed[j - 4] |= (byte)((scale >> 4) << 6);
            packed[j] |= (byte)((min >> 4) << 6);
        }
    }

    /// <summary>
    /// Per sub-block of <paramref name="size"/>: scale <c>(max − min) / steps</c> and minimum <c>−min</c>, min capped
    /// at 0 (so the minimum is never negative); returns the largest of each.
    /// </summary>
    private static (float MaxScale, float MaxMin) FitScalesAndMinimums(ReadOnlySpan<float> x, int size, int steps, Span<float> scales, Span<float> mins)
    {
        float maxScale = 0, maxMin = 0;
        for (var j = 0; j < scales.Length; j++)
        {
            var sub = x.Slice(j * size, size);
            float min = sub[0], max = sub[0];
            foreach (var v in sub)
            {
                (min, max) = (MathF.Min(min, v), MathF.Max(max, v));
            }

            min = MathF.Min(min, 0);
            scales[j] = (max - min) / steps;
            mins[j] = -min;
            (maxScale, maxMin) = (MathF.Max(maxScale, scales[j]), MathF.Max(maxMin, mins[j]));
        }

        return (maxScale, maxMin);
    }

    /// <summary>
    /// Per sub-block of <paramref name="size"/>: scale <c>m / <paramref name="lowest"/></c>, m its value of largest
    /// magnitude (so m lands on the lowest level); returns the scale of largest magnitude, sign kept (0 when all are ~0).
    /// </summary>
    private static float SignedScales(ReadOnlySpan<float> x, int size, float lowest, Span<float> scales)
    {
        float maxScale = 0, maxAbs = 0;
        for (var j = 0; j < scales.Length; j++)
        {
            float amax = 0, m = 0;
            foreach (var v in x.Slice(j * size, size))
            {
                if (MathF.Abs(v) > amax)
                {
                    (amax, m) = (MathF.Abs(v), v);
                }
            }

            scales[j] = m / lowest;
            if (MathF.Abs(scales[j]) > maxAbs)
            {
                (maxAbs, maxScale) = (MathF.Abs(scales[j]), scales[j]);
            }
        }

        return maxAbs < 1e-15f ? 0 : maxScale;
    }
}
