using Docent.Models;

namespace Docent.Models.Onnx;

/// <summary>
/// Settings of <see cref="OnnxEmbeddingGenerator"/>: which model folder to load and how to turn its token
/// vectors into text vectors. Plain options; call <see cref="Validate"/> before use.
/// </summary>
public sealed class OnnxEmbeddingOptions
{
    /// <summary>
    /// Folder of a BERT-family sentence-transformers ONNX export: <c>model.onnx</c> (or <c>onnx/model.onnx</c>)
    /// and <c>tokenizer.json</c> or <c>vocab.txt</c>; <c>config.json</c>, <c>tokenizer_config.json</c>,
    /// <c>sentence_bert_config.json</c> and <c>1_Pooling/config.json</c> are read when present.
    /// </summary>
    public string ModelDirectory { get; set; } = "";

    /// <summary>
    /// A model packaged in this program (<see cref="PackagedEmbeddingModel.MiniLM"/>)
    /// instead of a folder; when set, <see cref="ModelDirectory"/> and <see cref="ModelFileName"/> are ignored and the
    /// model's pooling, query instruction and id apply unless set here.
    /// </summary>
    public PackagedEmbeddingModel? PackagedModel { get; set; }

    /// <summary>
    /// Instruction the model expects before a search query, reported to the engine as an
    /// <see cref="EmbeddingQueryPrefix"/> (passages are embedded as they are); null takes the packaged model's, if any.
    /// </summary>
    public string? QueryPrefix { get; set; }

    /// <summary>The .onnx file relative to <see cref="ModelDirectory"/>; null looks for model.onnx, then onnx/model.onnx.</summary>
    public string? ModelFileName { get; set; }

    /// <summary>
    /// Pooling of token vectors; null reads it from the folder's <c>1_Pooling/config.json</c>
    /// (sentence-transformers layout) and otherwise uses <see cref="EmbeddingPooling.Mean"/>. Ignored when the
    /// model itself outputs a pooled <c>sentence_embedding</c>.
    /// </summary>
    public EmbeddingPooling? Pooling { get; set; }

    /// <summary>Scale each vector to unit length (so dot product equals cosine similarity).</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Longest input in tokens, [CLS] and [SEP] included; also capped by the model's own limits.</summary>
    public int MaxSequenceLength { get; set; } = 512;

    /// <summary>Texts per inference call.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Model id reported in metadata and on each embedding; null uses the folder name.</summary>
    public string? ModelId { get; set; }

    /// <summary>ONNX Runtime intra-op threads; null lets the runtime choose.</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>Throws when a setting is missing or out of range.</summary>
    public void Validate()
    {
        if (PackagedModel is null && string.IsNullOrWhiteSpace(ModelDirectory))
        {
            throw new ArgumentException("ModelDirectory must name the model folder (or PackagedModel a packaged model).", nameof(ModelDirectory));
        }

        if (MaxSequenceLength is < 3 or > 65_536)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSequenceLength), MaxSequenceLength, "MaxSequenceLength must be between 3 and 65536.");
        }

        if (BatchSize is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be between 1 and 4096.");
        }

        if (IntraOpThreads is < 0 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be between 0 (runtime default) and 1024.");
        }

        if (Pooling is { } pooling && !Enum.IsDefined(pooling))
        {
            throw new ArgumentOutOfRangeException(nameof(Pooling), pooling, "Unknown pooling.");
        }
    }

    internal OnnxEmbeddingOptions Clone() => (OnnxEmbeddingOptions)MemberwiseClone();
}
