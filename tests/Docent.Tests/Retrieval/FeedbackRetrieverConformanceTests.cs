using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

public sealed class FeedbackRetrieverConformanceTests : RetrieverConformanceTests
{
    internal override IRetriever Create(RetrievalCorpus corpus) => new FeedbackRetriever(
        new LexicalRetriever(corpus.Lexical, corpus.Store),
        corpus.Analyzer,
        new FeedbackOptions { Documents = 2, Terms = 5, OriginalQueryWeight = 0.5 });
}
