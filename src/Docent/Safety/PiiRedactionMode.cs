namespace Docent.Safety;

/// <summary>Where personal data is redacted (<see cref="PiiSettings.Redact"/>).</summary>
public enum PiiRedactionMode
{
    /// <summary>Not looked for.</summary>
    Off,

    /// <summary>Redacted before chunking: the original never reaches the store, the index, embeddings or answers.</summary>
    Stored,

    /// <summary>Stored as written and counted at ingest; redacted in answers, citations, search results and history output.</summary>
    Answers,
}
