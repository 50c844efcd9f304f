namespace Docent.Hosting;

/// <summary>
/// What ingest does with passages that may be prompt injections (<c>safety.*</c> settings). Flagged passages are always
/// named in their document's warnings and cautioned in answers; with <see cref="QuarantineFlagged"/> a document holding
/// one is also kept out of search altogether. Plain options bound from configuration.
/// </summary>
public sealed class SafetySettings
{
    /// <summary>
    /// Store a document with any passage flagged as a possible prompt injection without making any of its passages searchable
    /// (it is listed, quarantined, with the reason). Default false. Applies at ingest: documents already stored change on their next ingest.
    /// </summary>
    public bool QuarantineFlagged { get; set; }
}
