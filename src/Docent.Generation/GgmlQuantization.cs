namespace Docent.Generation;

/// <summary>
/// The scalar reference for GGML's block formats (BF16 and the K-quants Q2_K, Q3_K, Q4_K, Q5_K, Q6_K and Q8_K in <see cref="GgmlKQuantization"/>): Q8_0 (blocks of 32: a float16 scale, then 32 signed bytes) and
/// Q4_0 (blocks of 32: a float16 scale, then 16 bytes of 4-bit values, element j in the low nibble of byte j and
/// element j + 16 in its high nibble, each offset by 8). Quantising follows ggml's reference rounding so files we
/// write match llama.cpp's. Stateless; thread-safe.
/// </summary>
public static class GgmlQuantization
{
    /// <summary>The number of elements in one block of Q8_0 or Q4_0.</summary>
    public const int BlockSize = 32;

    private static readonly string?[] TypeNames =
    [
        "F32", "F16", "Q4_0", "Q4_1", null, null, "Q5_0", "Q5_1", "Q8_0", "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K",
        "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M",
        "BF16", null, null, null, "TQ1_0", "TQ2_0", null, null, null, "MXFP4",
    ];

    /// <summary>Whether Docent reads GGML type number <paramref name="type"/> (F32, F16, BF16, Q4_0, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K).</summary>
    public static bool IsSupported(uint type) => Enum.IsDefined((GgufTensorType)type);

    /// <summary>GGML's name for type number <paramref name="type"/> with the number, e.g. <c>Q4_K (12)</c>; <c>unknown (99)</c> past the known ones.</summary>
    public static string TypeName(uint type) => $"{(type < TypeNames.Length ? TypeNames[type] : null) ?? "unknown"} ({type})";

    /// <summary>The bytes one block of <paramref name="type"/> takes (per element for F32/F16).</summary>
    public static int BlockBytes(GgufTensorType type) => type switch
    {
        GgufTensorType.F32 => 4,
        GgufTensorType.F16 => 2,
        GgufTensorType.Q8_0 => 2 + BlockSize,
        GgufTensorType.Q4_0 => 2 + BlockSize / 2,
        GgufTensorType.BF16 => 2,
        _ when GgmlKQuantization.IsKQuant(type) => GgmlKQuantization.SuperBlockBytes(type),
        _ => throw new NotSupportedException($"GGML type {type} is not supported."),
    };

    /// <summary>The elements one block of <paramref name="type"/> holds (1 for F32/F16/BF16, 256 for the K-quants).</summary>
    public static int ElementsPerBlock(GgufTensorType type) => type switch
    {
        GgufTensorType.Q8_0 or GgufTensorType.Q4_0 => BlockSize,
        _ when GgmlKQuantization.IsKQuant(type) => GgmlKQuantization.SuperBlock,
        _ => 1,
    };

    /// <summary>The bytes <paramref name="elements"/> elements of <paramref name="type"/> take; throws when they do not fill whole blocks.</summary>
    public static long ByteCount(GgufTensorType type, long elements)
    {
        var per = ElementsPerBlock(type);
        return elements % per == 0
            ? elements / per * BlockBytes(type)
            : throw new ArgumentException($"{elements} elements do not fill whole {type} blocks of {per}.", nameof(elements));
    }

    /// <summary>Encodes <paramref name="values"/> (a whole number of blocks) as <paramref name="type"/>.</summary>
    public static byte[] Quantize(ReadOnlySpan<float> values, GgufTensorType type)
    {
        var result = new byte[ByteCount(type, values.Length)];
        switch (type)
        {
            case GgufTensorType.F32:
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(result);
                break;
            case GgufTensorType.F16:
                for (var i = 0; i < values.Length; i++)
                {
                    BitConverter.TryWriteBytes(result.AsSpan(i * 2), (Half)values[i]);
                }

                break;
            case GgufTensorType.Q8_0:
                for (var b = 0; b < values.Length / BlockSize; b++)
                {
                    QuantizeQ8Block(values.Slice(b * BlockSize, BlockSize), result.AsSpan(b * BlockBytes(type), BlockBytes(type)));
                }

                break;
            case GgufTensorType.Q4_0:
                for (var b = 0; b < values.Length / BlockSize; b++)
                {
                    QuantizeQ4Block(values.Slice(b * BlockSize, BlockSize), result.AsSpan(b * BlockBytes(type), BlockBytes(type)));
                }

                break;
            case GgufTensorType.BF16:
                for (var i = 0; i < values.Length; i++)
                {
                    BitConverter.TryWriteBytes(result.AsSpan(i * 2), GgmlKQuantization.ToBFloat16(values[i]));
                }

                break;
            case var _ when GgmlKQuantization.IsKQuant(type):
                var size = BlockBytes(type);
                for (var b = 0; b < values.Length / GgmlKQuantization.SuperBlock; b++)
                {
                    var x = values.Slice(b * GgmlKQuantization.SuperBlock, GgmlKQuantization.SuperBlock);
                    GgmlKQuantization.QuantizeSuperBlock(type, x, result.AsSpan(b * size, size));
                }

                break;
            default:
                throw new NotSupportedException($"GGML type {type} is not supported.");
        }

        return result;
    }

    /// <summary>Decodes <paramref name="destination"/>.Length elements of <paramref name="type"/> from <paramref name="data"/>.</summary>
    public static void Dequantize(ReadOnlySpan<byte> data, GgufTensorType type, Span<float> destination)
    {
        switch (type)
        {
            case GgufTensorType.F32:
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data)[..destination.Length].CopyTo(destination);
                return;
            case GgufTensorType.F16:
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(data)[..destination.Length], destination);
                return;
            case GgufTensorType.Q8_0:
            case GgufTensorType.Q4_0:
                var bytes = BlockBytes(type);
                for (var b = 0; b < destination.Length / BlockSize; b++)
                {
                    var block = data.Slice(b * bytes, bytes);
                    var d = (float)BitConverter.ToHalf(block);
                    var output = destination.Slice(b * BlockSize, BlockSize);
                    for (var j = 0; j < BlockSize; j++)
                    {
                        output[j] = type == GgufTensorType.Q8_0
                            ? (sbyte)block[2 + j] * d
                            : ((j < 16 ? block[2 + j] & 0x0F : block[2 + j - 16] >> 4) - 8) * d;
                    }
                }

                return;
            case GgufTensorType.BF16:
                var bf16 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(data);
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = GgmlKQuantization.FromBFloat16(bf16[i]);
                }

                return;
            case var _ when GgmlKQuantization.IsKQuant(type):
                var size = BlockBytes(type);
                for (var b = 0; b < destination.Length / GgmlKQuantization.SuperBlock; b++)
                {
                    var output = destination.Slice(b * GgmlKQuantization.SuperBlock, GgmlKQuantization.SuperBlock);
                    GgmlKQuantization.DequantizeSuperBlock(type, data.Slice(b * size, size), output);
                }

                return;
            default:
                throw new NotSupportedException($"GGML type {type} is not supported.");
        }
    }

    private static void QuantizeQ8Block(ReadOnlySpan<float> x, Span<byte> block)
    {
        var amax = 0f;
        foreach (var v in x)
        {
            amax = MathF.Max(amax, MathF.Abs(v));
        }

        var d = amax / 127f;
        var id = d != 0 ? 1f / d : 0f;
        BitConverter.TryWriteBytes(block, (Half)d);
        for (var j = 0; j < BlockSize; j++)
        {
            block[2 + j] = (byte)(sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
        }
    }

    private static void QuantizeQ4Block(ReadOnlySpan<float> x, Span<byte> block)
    {
        float amax = 0f, max = 0f;
        foreach (var v in x)
        {
            if (MathF.Abs(v) > amax)
            {
                amax = MathF.Abs(v);
                max = v;
            }
        }

        var d = max / -8f;
        var id = d != 0 ? 1f / d : 0f;
        BitConverter.TryWriteBytes(block, (Half)d);
        for (var j = 0; j < BlockSize / 2; j++)
        {
            var low = Math.Min(15, (int)(sbyte)(x[j] * id + 8.5f));
            var high = Math.Min(15, (int)(sbyte)(x[j + 16] * id + 8.5f));
            block[2 + j] = (byte)(low | (high << 4));
        }
    }
}
