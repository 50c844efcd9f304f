using Docent.Retrieval;

namespace Docent.Storage;

/// <summary>
/// One entry of the store's change log: a chunk added (with what the lexical index needs of it, or null
/// when it has since been removed again) or removed. Immutable.
/// </summary>
public sealed record StoreChange(long Sequence, long ChunkKey, bool Added, LexicalDocument? Document);
