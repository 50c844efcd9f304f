namespace Docent.Generation;

/// <summary>
/// A model run over several tokens at once: <paramref name="tokens"/> at positions <paramref name="startPosition"/>
/// onwards, writing one row of logits per token to <paramref name="allLogits"/> (as <see cref="LlamaModel.ForwardBatch(ReadOnlySpan{int}, int, Span{float})"/> does).
/// </summary>
public delegate void BatchTokenLogits(ReadOnlySpan<int> tokens, int startPosition, Span<float> allLogits);
