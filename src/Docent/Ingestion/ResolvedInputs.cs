namespace Docent.Ingestion;

/// <summary>
/// What a list of user-given paths expands to: the files to ingest, the folders they came from (the scope
/// of --prune), and the inputs that failed or were skipped while expanding. Immutable.
/// </summary>
public sealed record ResolvedInputs(
    IReadOnlyList<string> Files,
    IReadOnlyList<string> Roots,
    IReadOnlyList<DocumentIngestResult> Problems);
