namespace Docent.Models.Onnx;

/// <summary>
/// Settings of <see cref="OnnxCrossEncoderReranker"/>: which cross-encoder folder to load and how to batch
/// it. Plain options; call <see cref="Validate"/> before use.
/// </summary>
public sealed class OnnxCrossEncoderOptions
{
    /// <summary>
    /// Folder of a BERT-family cross-encoder ONNX export (e.g. ms-marco-MiniLM-L-6-v2): <c>model.onnx</c> (or
    /// <c>onnx/model.onnx</c>) with a <c>logits</c> output, and <c>tokenizer.json</c> or <c>vocab.txt</c>.
    /// </summary>
    public string ModelDirectory { get; set; } = "";

    /// <summary>The .onnx file relative to <see cref="ModelDirectory"/>; null looks for model.onnx, then onnx/model.onnx.</summary>
    public string? ModelFileName { get; set; }

    /// <summary>Longest query + passage input in tokens, special tokens included; also capped by the model.</summary>
    public int MaxSequenceLength { get; set; } = 512;

    /// <summary>Query–passage pairs per inference call.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>ONNX Runtime intra-op threads; null lets the runtime choose.</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>Throws when a setting is missing or out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDirectory))
        {
            throw new ArgumentException("ModelDirectory must name the model folder.", nameof(ModelDirectory));
        }

        if (MaxSequenceLength is < 4 or > 65_536)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSequenceLength), MaxSequenceLength, "MaxSequenceLength must be between 4 and 65536.");
        }

        if (BatchSize is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be between 1 and 4096.");
        }

        if (IntraOpThreads is < 0 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be between 0 (runtime default) and 1024.");
        }
    }

    internal OnnxCrossEncoderOptions Clone() => (OnnxCrossEncoderOptions)MemberwiseClone();
}
