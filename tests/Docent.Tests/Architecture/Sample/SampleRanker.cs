using Docent.Tests.Architecture.Sample.Storing;

namespace Docent.Tests.Architecture.Sample.Ranking;

/// <summary>A sample type for the architecture test: a ranker that uses the store below it (an allowed arrow).</summary>
internal sealed class SampleRanker(SampleStore store)
{
    public int Rank(string text) => store.Count(text);
}
