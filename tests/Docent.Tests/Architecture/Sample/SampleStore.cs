using Docent.Tests.Architecture.Sample.Ranking;

namespace Docent.Tests.Architecture.Sample.Storing;

/// <summary>A sample type for the architecture test: a store that wrongly reaches up into the ranker, only inside a method body.</summary>
internal sealed class SampleStore
{
    public int Count(string text) => text.Length;

    public int RankAgain(string text) => new SampleRanker(this).Rank(text);
}
