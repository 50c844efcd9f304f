namespace Docent.Ingestion;

/// <summary>Progress of an ingest run after each input. Immutable.</summary>
public sealed record IngestProgress(int Done, int Total, long Chunks, string CurrentPath);
