namespace Docent.Cluster;

/// <summary>A file sent to a shard to ingest: where it came from, the name people see, and its bytes. Immutable.</summary>
/// <param name="Source">The file's source (its full path where it was read): the document's identity and its route.</param>
/// <param name="DisplaySource">The name shown in citations ("handbook/leave.md").</param>
/// <param name="Content">The file's bytes.</param>
public sealed record ShardDocument(string Source, string DisplaySource, byte[] Content);
