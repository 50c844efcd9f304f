namespace Docent.Ingestion;

/// <summary>Progress of an ingest run, reported after each input with that input's result. Immutable.</summary>
public sealed record IngestProgress(int Done, int Total, long Chunks, DocumentIngestResult Result);
