using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

/// <summary>The duplicate-collapsing decorator over a lexical retriever, as a data folder wires it.</summary>
public sealed class DuplicateCollapsingRetrieverConformanceTests : RetrieverConformanceTests
{
    internal override IRetriever Create(RetrievalCorpus corpus) =>
        new LexicalRetriever(corpus.Lexical, corpus.Store).AsBuilder().UseDuplicateCollapsing().Build();
}
