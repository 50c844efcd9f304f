namespace Docent.Generation;

/// <summary>
/// The scalar reference for BF16 and GGML's K-quant super-blocks of 256 values, byte for byte as ggml lays them out.
/// Q4_K (144 bytes): float16 <c>d</c>, float16 <c>dmin</c>, 12 bytes packing eight 6-bit scales and eight 6-bit
/// minimums, then 128 bytes of nibbles (each 64 values: the first 32 in the low nibbles of 32 bytes, the next 32 in
/// their high nibbles); value = <c>d·scale·q − dmin·min</c>. Q6_K (210 bytes): 128 bytes of low nibbles, 64 bytes of
/// high bit pairs, sixteen signed 8-bit scales (one per 16 values), float16 <c>d</c>; value = <c>d·scale·(q − 32)</c>.
/// Q2_K, Q3_K, Q5_K and Q8_K live in the other part of this class. The quantisers are simple min/max fits (not ggml's
/// iterative search), so their files are valid but slightly less accurate than llama-quantize's. Stateless; thread-safe.
/// </summary>
internal static partial class GgmlKQuantization
{
    /// <summary>Elements per K-quant super-block.</summary>
    public const int SuperBlock = 256;

    /// <summary>Bytes of one Q4_K super-block.</summary>
    public const int Q4KBytes = 144;

    /// <summary>Bytes of one Q6_K super-block.</summary>
    public const int Q6KBytes = 210;

    /// <summary>The bfloat16 nearest <paramref name="value"/> (round to nearest even; NaN stays a quiet NaN).</summary>
    public static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        bits += 0x7FFF + ((bits >> 16) & 1);
        return (ushort)(bits >> 16);
    }

    /// <summary>The float a bfloat16 holds.</summary>
    public static float FromBFloat16(ushort value) => BitConverter.UInt32BitsToSingle((uint)value << 16);

    /// <summary>Sub-block <paramref name="j"/>'s 6-bit scale and minimum from the 12 packed bytes of a Q4_K block.</summary>
    public static (int Scale, int Min) ScaleMin(ReadOnlySpan<byte> packed, int j) => j < 4
        ? (packed[j] & 63, packed[j + 4] & 63)
        : ((packed[j + 4] & 0x0F) | ((packed[j - 4] >> 6) << 4), (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4));

    /// <summary>Decodes one Q4_K super-block into 256 floats.</summary>
    public static void DequantizeQ4K(ReadOnlySpan<byte> block, Span<float> output)
    {
        var d = (float)BitConverter.ToHalf(block);
        var dmin = (float)BitConverter.ToHalf(block[2..]);
        var packed = block.Slice(4, 12);
        var qs = block.Slice(16, 128);
        for (var chunk = 0; chunk < 4; chunk++)
        {
            var (s1, m1) = ScaleMin(packed, chunk * 2);
            var (s2, m2) = ScaleMin(packed, chunk * 2 + 1);
            float d1 = d * s1, min1 = dmin * m1, d2 = d * s2, min2 = dmin * m2;
            var q = qs.Slice(chunk * 32, 32);
            var y = output.Slice(chunk * 64, 64);
            for (var l = 0; l < 32; l++)
            {
                y[l] = d1 * (q[l] & 0x0F) - min1;
                y[l + 32] = d2 * (q[l] >> 4) - min2;
            }
        }
    }

    /// <summary>Decodes one Q6_K super-block into 256 floats.</summary>
    public static void DequantizeQ6K(ReadOnlySpan<byte> block, Span<float> output)
    {
        var d = (float)BitConverter.ToHalf(block[208..]);
        for (var half = 0; half < 2; half++)
        {
            var ql = block.Slice(half * 64, 64);
            var qh = block.Slice(128 + half * 32, 32);
            var scales = block.Slice(192 + half * 8, 8);
            var y = output.Slice(half * 128, 128);
            for (var l = 0; l < 32; l++)
            {
                var s = l / 16;
                var q1 = ((ql[l] & 0x0F) | ((qh[l] & 3) << 4)) - 32;
                var q2 = ((ql[l + 32] & 0x0F) | (((qh[l] >> 2) & 3) << 4)) - 32;
                var q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                var q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * (sbyte)scales[s] * q1;
                y[l + 32] = d * (sbyte)scales[s + 2] * q2;
                y[l + 64] = d * (sbyte)scales[s + 4] * q3;
                y[l + 96] = d * (sbyte)scales[s + 6] * q4;
            }
        }
    }

    /// <summary>
    /// Encodes 256 floats as one Q4_K super-block: each sub-block of 32 gets scale <c>(max − min) / 15</c> and minimum
    /// <c>−min</c> (min capped at 0), both quantised to 6 bits against the largest, then every value is re-fitted to
    /// the quantised scale and minimum.
    /// </summary>
    public static void QuantizeQ4K(ReadOnlySpan<float> x, Span<byte> block)
    {
        Span<float> scales = stackalloc float[8];
        Span<float> mins = stackalloc float[8];
        float maxScale = 0, maxMin = 0;
        for (var j = 0; j < 8; j++)
        {
            var sub = x.Slice(j * 32, 32);
            float min = sub[0], max = sub[0];
            foreach (var v in sub)
            {
                (min, max) = (MathF.Min(min, v), MathF.Max(max, v));
            }

            min = MathF.Min(min, 0);
            scales[j] = (max - min) / 15f;
            mins[j] = -min;
            (maxScale, maxMin) = (MathF.Max(maxScale, scales[j]), MathF.Max(maxMin, mins[j]));
        }

        block.Clear();
        var inverseScale = maxScale > 0 ? 63f / maxScale : 0f;
        var inverseMin = maxMin > 0 ? 63f / maxMin : 0f;
        var packed = block.Slice(4, 12);
        for (var j = 0; j < 8; j++)
        {
            var ls = Math.Min(63, (int)MathF.Round(inverseScale * scales[j]));
            var lm = Math.Min(63, (int)MathF.Round(inverseMin * mins[j]));
            if (j < 4)
            {
                packed[j] = (byte)ls;
                packed[j + 4] = (byte)lm;
            }
            else
            {
                packed[j + 4] = (byte)((ls & 0x0F) | ((lm & 0x0F) << 4));
                packed[j - 4] |= (byte)((ls >> 4) << 6);
                packed[j] |= (byte)((lm >> 4) << 6);
            }
        }

        var d = (Half)(maxScale / 63f);
        var dmin = (Half)(maxMin / 63f);
        BitConverter.TryWriteBytes(block, d);
        BitConverter.TryWriteBytes(block[2..], dmin);
        var qs = block.Slice(16, 128);
        for (var j = 0; j < 8; j++)
        {
            var (s, m) = ScaleMin(packed, j);
            var step = (float)d * s;
            var offset = (float)dmin * m;
            for (var l = 0; l < 32; l++)
            {
                var q = step == 0 ? 0 : Math.Clamp((int)MathF.Round((x[j * 32 + l] + offset) / step), 0, 15);
                var index = j / 2 * 32 + l; // sub-blocks 2k and 2k + 1 share bytes 32k to 32k + 31: low then high nibbles
                qs[index] |= (byte)(j % 2 == 0 ? q : q << 4);
            }
        }
    }

    /// <summary>
    /// Encodes 256 floats as one Q6_K super-block: each sub-block of 16 gets scale <c>m / −32</c> (m its value of
    /// largest magnitude), the scales are quantised to signed bytes against the largest, then every value is re-fitted
    /// to its quantised scale as <c>q − 32</c> in 0 to 63.
    /// </summary>
    public static void QuantizeQ6K(ReadOnlySpan<float> x, Span<byte> block)
    {
        block.Clear();
        Span<float> scales = stackalloc float[16];
        float maxScale = 0, maxAbsScale = 0;
        for (var j = 0; j < 16; j++)
        {
            float amax = 0, m = 0;
            foreach (var v in x.Slice(j * 16, 16))
            {
                if (MathF.Abs(v) > amax)
                {
                    (amax, m) = (MathF.Abs(v), v);
                }
            }

            scales[j] = m / -32f;
            if (MathF.Abs(scales[j]) > maxAbsScale)
            {
                (maxAbsScale, maxScale) = (MathF.Abs(scales[j]), scales[j]);
            }
        }

        if (maxAbsScale < 1e-15f)
        {
            return; // all zero: d = 0
        }

        var inverse = -128f / maxScale;
        var d = (Half)(1f / inverse);
        BitConverter.TryWriteBytes(block[208..], d);
        Span<byte> levels = stackalloc byte[256];
        for (var j = 0; j < 16; j++)
        {
            var scale = (sbyte)Math.Clamp((int)MathF.Round(inverse * scales[j]), -128, 127);
            block[192 + j] = (byte)scale;
            var step = (float)d * scale;
            for (var l = 0; l < 16; l++)
            {
                levels[j * 16 + l] = (byte)(step == 0 ? 32 : Math.Clamp((int)MathF.Round(x[j * 16 + l] / step), -32, 31) + 32);
            }
        }

        for (var half = 0; half < 2; half++)
        {
            var ql = block.Slice(half * 64, 64);
            var qh = block.Slice(128 + half * 32, 32);
            var level = levels.Slice(half * 128, 128);
            for (var l = 0; l < 32; l++)
            {
                ql[l] = (byte)((level[l] & 0x0F) | ((level[l + 64] & 0x0F) << 4));
                ql[l + 32] = (byte)((level[l + 32] & 0x0F) | ((level[l + 96] & 0x0F) << 4));
                qh[l] = (byte)((level[l] >> 4) | ((level[l + 32] >> 4) << 2) | ((level[l + 64] >> 4) << 4) | ((level[l + 96] >> 4) << 6));
            }
        }
    }
}
