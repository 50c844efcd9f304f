using Docent.Storage;

namespace Docent.Indexing;

/// <summary>Progress of embedding chunks into the vector index: chunks embedded so far of the total. Immutable.</summary>
public readonly record struct VectorSyncProgress(int Embedded, int Total);
