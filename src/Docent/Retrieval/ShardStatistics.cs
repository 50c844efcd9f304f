namespace Docent.Retrieval;

/// <summary>
/// What one shard reports before a collection-wide search: its lexical statistics for the query's terms, its live chunks
/// per language (the collection's candidate languages are their sum), and the version of its index they were read from.
/// Immutable.
/// </summary>
/// <param name="Version">The store change the shard's lexical index holds through; a later search at another version means the figures moved.</param>
/// <param name="Lexical">The shard's figures for the terms asked about.</param>
/// <param name="LanguageCounts">Live chunks per language in the shard.</param>
public sealed record ShardStatistics(long Version, LexicalStatistics Lexical, IReadOnlyDictionary<string, int> LanguageCounts);
