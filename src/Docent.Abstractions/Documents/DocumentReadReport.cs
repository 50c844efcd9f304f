namespace Docent.Documents;

/// <summary>
/// Facts a reader learns while it streams a document: the title (when the format has one) and
/// warnings that did not stop the read (replaced invalid bytes, repaired mojibake, skipped images…).
/// Filled by the reader during enumeration; read by the pipeline afterwards. Not thread-safe.
/// </summary>
public sealed class DocumentReadReport
{
    private readonly List<string> _warnings = [];

    /// <summary>The document's title, when the reader found one.</summary>
    public string? Title { get; set; }

    /// <summary>Format name of the reader that read the document ("markdown", "pdf", …).</summary>
    public string? Format { get; set; }

    /// <summary>Warnings in the order they were raised.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Adds a warning.</summary>
    public void Warn(string warning) => _warnings.Add(warning);
}
