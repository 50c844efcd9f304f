namespace Docent.Generation;

/// <summary>One tensor of a GGUF file: name, dimensions (innermost first, as GGML orders them), type and offset in the data section. Immutable.</summary>
/// <param name="Name">The tensor name, e.g. <c>blk.0.attn_q.weight</c>.</param>
/// <param name="Dimensions">Element counts, innermost (contiguous) dimension first.</param>
/// <param name="Type">The element type.</param>
/// <param name="Offset">Byte offset from the start of the tensor data section.</param>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dimensions, GgufTensorType Type, long Offset)
{
    /// <summary>The number of elements.</summary>
    public long ElementCount => Dimensions.Aggregate(1L, (a, b) => a * b);

    /// <summary>The size in bytes of the tensor's data.</summary>
    public long ByteLength => GgmlQuantization.ByteCount(Type, ElementCount);
}
