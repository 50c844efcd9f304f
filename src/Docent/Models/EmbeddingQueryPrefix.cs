namespace Docent.Models;

/// <summary>
/// What an embedding model tells the engine about itself through <c>IEmbeddingGenerator.GetService</c> when it
/// embeds search queries differently from passages: the instruction it was trained to see before a query (for
/// example arctic-embed's "Represent this sentence for searching relevant passages: "). Passages are embedded
/// as they are. Immutable.
/// </summary>
/// <param name="Prefix">Text put before each query; never empty.</param>
public sealed record EmbeddingQueryPrefix(string Prefix);
