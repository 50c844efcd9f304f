using System.Globalization;
using Docent.Storage;

namespace Docent.Ingestion;

/// <summary>
/// How a quarantined document is recognised and described. With <see cref="IngestionPipeline.QuarantineFlagged"/> a document
/// with a passage flagged as a possible prompt injection is stored without chunks — listed, never retrieved — and its first
/// warning, starting <see cref="WarningPrefix"/>, says why; the flagged passages are named in the warnings after it, as they
/// always are. Static; thread-safe.
/// </summary>
public static class Quarantine
{
    /// <summary>The start of the warning that marks a document as quarantined.</summary>
    public const string WarningPrefix = "quarantined: ";

    /// <summary>The words every warning naming a possibly injected passage contains.</summary>
    public const string InjectionWarningMarker = "may be a prompt injection";

    /// <summary>The warning a document quarantined for <paramref name="flagged"/> flagged passages carries first.</summary>
    public static string Warning(int flagged) =>
        WarningPrefix + "none of its passages is searchable, because "
        + (flagged == 1 ? "1 passage" : flagged.ToString("N0", CultureInfo.InvariantCulture) + " passages")
        + " may be a prompt injection (setting safety.quarantineFlagged; see the warnings below)";

    /// <summary>Whether <paramref name="document"/> was stored quarantined.</summary>
    public static bool IsQuarantined(DocumentRecord document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Warnings.Count > 0 && document.Warnings[0].StartsWith(WarningPrefix, StringComparison.Ordinal);
    }

    /// <summary>Whether ingest named a passage of <paramref name="document"/> as a possible prompt injection.</summary>
    public static bool HasFlaggedPassages(DocumentRecord document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Warnings.Any(w => w.Contains(InjectionWarningMarker, StringComparison.Ordinal));
    }
}
