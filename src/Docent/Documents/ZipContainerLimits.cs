namespace Docent.Documents;

/// <summary>
/// Limits a zip-based document (DOCX today; any OOXML, ODF or EPUB reader tomorrow) must stay within before
/// and while it is inflated, so that a zip bomb fails fast instead of exhausting memory. The defaults admit
/// any real document: a 1,000-page report with images inflates to a few hundred MB at most, and text XML
/// compresses 5–20:1 (100:1 only for pathological repetition). Immutable once built; thread-safe.
/// </summary>
public sealed record ZipContainerLimits
{
    /// <summary>The default limits.</summary>
    public static ZipContainerLimits Default { get; } = new();

    /// <summary>Most entries the container may hold (Word writes a few dozen). Default 10,000.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Most bytes all entries may inflate to together, declared or actually read. Default 1 GiB.</summary>
    public long MaxInflatedBytes { get; init; } = 1L << 30;

    /// <summary>Highest inflated-to-compressed ratio an entry may declare once it is large. Default 100.</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>
    /// Entries that inflate to at most this many bytes are exempt from the ratio check (a small run of
    /// repeated XML can legitimately compress 1,000:1). Default 16 MiB.
    /// </summary>
    public long RatioExemptBytes { get; init; } = 16L << 20;
}
