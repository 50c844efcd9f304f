namespace Docent.Models;

/// <summary>
/// An optional cross-encoder that re-orders the retrieved candidates (a local ONNX model folder). Plain
/// options bound from configuration; call <see cref="Validate"/> before use.
/// </summary>
public sealed class RerankerSettings
{
    /// <summary>The cross-encoder folder (model.onnx + vocab.txt or tokenizer.json); null: no reranking.</summary>
    public string? Path { get; set; }

    /// <summary>How many candidates the first stage hands to the reranker.</summary>
    public int CandidateCount { get; set; } = 50;

    /// <summary>Whether a reranker is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Path);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate() => ModelSettingsValidation.RequireRange("reranker.candidateCount", CandidateCount, 1, 1000);
}
