using Docent.Chunking;

namespace Docent.Storage;

/// <summary>A chunk as stored: its numeric key (the lexical index's key) and the chunk itself. Immutable.</summary>
public sealed record StoredChunk(long Key, Chunk Chunk);
