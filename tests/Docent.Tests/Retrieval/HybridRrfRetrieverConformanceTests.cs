using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

public sealed class HybridRrfRetrieverConformanceTests : RetrieverConformanceTests
{
    protected override bool RanksByMeaning => true;

    internal override IRetriever Create(RetrievalCorpus corpus) => new HybridRetriever(
        new LexicalRetriever(corpus.Lexical, corpus.Store),
        new VectorRetriever(corpus.Vectors, corpus.Embedder, corpus.Store),
        FusionMethod.Rrf,
        candidateDepth: 3);
}
