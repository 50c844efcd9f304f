namespace Docent.Storage;

/// <summary>
/// What the personal-data step did to one document at ingest: the mode ("stored": redacted before it was stored; "answers":
/// stored as written and redacted in output), the items per kind ("email", "phone", "iban", "cardNumber", "nationalId",
/// "name"; kinds with none are left out), and the settings it ran under, so that changing them re-reads the document. Immutable.
/// </summary>
/// <param name="Mode">"stored" or "answers".</param>
/// <param name="Counts">Items redacted (stored) or found (answers), by kind.</param>
/// <param name="Policy">The settings as one line, compared on the next ingest.</param>
public sealed record PiiRecord(string Mode, IReadOnlyDictionary<string, int> Counts, string Policy)
{
    /// <summary>All items, of every kind.</summary>
    public int Total => Counts.Values.Sum();
}
