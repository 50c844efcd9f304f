using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

/// <summary>The decorator over a lexical retriever, refreshed by the real synchroniser as a data folder wires it.</summary>
public sealed class RefreshingRetrieverConformanceTests : RetrieverConformanceTests
{
    internal override IRetriever Create(RetrievalCorpus corpus) => new RefreshingRetriever(
        new LexicalRetriever(corpus.Lexical, corpus.Store),
        cancellationToken => corpus.Synchronizer.RefreshAsync(corpus.Lexical, cancellationToken));
}
