using Docent.Chunking;
using Docent.Storage;

namespace Docent.Retrieval;

/// <summary>A chunk returned by a retriever, with its document, score and 1-based rank. Immutable.</summary>
public sealed record RetrievedChunk(Chunk Chunk, DocumentRecord Document, double Score, int Rank);
