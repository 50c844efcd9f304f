using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

public sealed class VectorRetrieverConformanceTests : RetrieverConformanceTests
{
    protected override bool RanksByMeaning => true;

    internal override IRetriever Create(RetrievalCorpus corpus) => new VectorRetriever(corpus.Vectors, corpus.Embedder, corpus.Store);
}
