namespace Docent.Storage;

/// <summary>
/// What hosts (the CLI, the server, MCP tools, evaluation) may read about a data folder's documents: the list, one
/// document by id or by source, and the folder's counts. Writing goes through ingestion and <c>DataFolder</c>, never
/// through this. Thread-safe.
/// </summary>
public interface IDocumentCatalog
{
    /// <summary>Every stored document, in source order.</summary>
    Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(CancellationToken cancellationToken = default);

    /// <summary>The document with <paramref name="documentId"/>, or null.</summary>
    Task<DocumentRecord?> GetDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>The document ingested from <paramref name="source"/> (a full path), or null.</summary>
    Task<DocumentRecord?> FindBySourceAsync(string source, CancellationToken cancellationToken = default);

    /// <summary>Counts and sizes of the store.</summary>
    Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);
}
