namespace Docent.Generation;

/// <summary>
/// Runs <paramref name="token"/> at <paramref name="position"/> of a sequence and returns the next-token logits
/// (valid until the next call), as <see cref="LlamaModel.Forward"/> does. Position 0 starts a new sequence.
/// </summary>
public delegate ReadOnlySpan<float> TokenLogits(int token, int position);
