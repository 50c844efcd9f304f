using Docent.Retrieval;
using Docent.Storage;

namespace Docent.Hosting;

/// <summary>What <c>docent stats</c> and the server's health endpoint report about a data folder. Immutable.</summary>
/// <param name="DataDirectory">The folder's full path.</param>
/// <param name="Store">Documents, chunks and database size.</param>
/// <param name="LexicalIndexBytes">Size of the saved lexical index, its manifest and segment files (0 before the first save).</param>
/// <param name="LexicalIndexChunks">Chunks in the lexical index.</param>
/// <param name="Analyzer">The text analyzer's name.</param>
/// <param name="Vectors">The vector index, or null without an embedding model.</param>
/// <param name="Mode">The configured retrieval mode.</param>
/// <param name="ChatModel">The configured chat model, or null when answers are extractive.</param>
/// <param name="Languages">Chunks per language (ISO 639-1, "und" where not told), most first.</param>
/// <param name="LexicalOnlyLanguages">
/// The languages among <paramref name="Languages"/> the embedding model does not understand: questions in them are
/// answered from the lexical index alone. Empty without an embedding model (everything is lexical).
/// </param>
public sealed record DataFolderStatistics(
    string DataDirectory, StoreStatistics Store, long LexicalIndexBytes, int LexicalIndexChunks, string Analyzer,
    VectorIndexStatistics? Vectors, RetrievalMode Mode, string? ChatModel,
    IReadOnlyList<LanguageCount> Languages, IReadOnlyList<string> LexicalOnlyLanguages);
