using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;
using Microsoft.Extensions.AI;

namespace Docent.Hosting;

/// <summary>
/// The search side of a collection whose chunks are held elsewhere — the shards of a cluster. A data folder opened with
/// one (<see cref="ModelServices.RemoteCollection"/>) retrieves, lists, ingests and removes through it instead of
/// its own store and indexes, and keeps everything above retrieval its own: fusion, duplicate collapsing, reranking,
/// answering, conversations. Implementations are thread-safe.
/// </summary>
public interface IRemoteCollection
{
    /// <summary>Keyword retrieval over the whole collection, scored as one index would score it.</summary>
    IWeightedTermRetriever Lexical { get; }

    /// <summary>
    /// The collection's languages, most chunks first (the candidates a query's language is identified among), as last
    /// seen; empty before the first search.
    /// </summary>
    IReadOnlyList<string> Languages { get; }

    /// <summary>Vector retrieval over the whole collection, embedding queries with <paramref name="queryEmbedder"/>.</summary>
    IRetriever CreateVectorRetriever(IEmbeddingGenerator<string, Embedding<float>> queryEmbedder);

    /// <summary>The collection's documents and counts, over every part that holds them.</summary>
    IDocumentCatalog Documents { get; }

    /// <summary>
    /// Ingests the file at <paramref name="path"/> into the part of the collection its identity routes to — the
    /// <see cref="IngestOptions.DisplaySource"/> when given (an upload's name), else the full path — replacing an earlier
    /// version of it there.
    /// </summary>
    Task<DocumentIngestResult> IngestFileAsync(string path, IngestOptions options, CancellationToken cancellationToken = default);

    /// <summary>Ingests several files as <see cref="IngestFileAsync"/> does, together (one call per part), one result each in order.</summary>
    Task<IReadOnlyList<DocumentIngestResult>> IngestFilesAsync(IReadOnlyList<(string Path, IngestOptions Options)> files, CancellationToken cancellationToken = default);

    /// <summary>Removes the document with this id or source; null when no part holds it.</summary>
    Task<DocumentRecord?> RemoveDocumentAsync(string idOrSource, CancellationToken cancellationToken = default);
}
