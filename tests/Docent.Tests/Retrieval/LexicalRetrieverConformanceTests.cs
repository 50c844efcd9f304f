using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

public sealed class LexicalRetrieverConformanceTests : RetrieverConformanceTests
{
    internal override IRetriever Create(RetrievalCorpus corpus) => new LexicalRetriever(corpus.Lexical, corpus.Store);
}
