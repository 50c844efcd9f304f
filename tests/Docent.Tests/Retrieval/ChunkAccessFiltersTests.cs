using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

/// <summary>
/// Both forms of an access filter — a set of a few hidden keys among many, a bit per key when many are hidden — refuse
/// exactly the hidden keys and every key newer than their snapshot.
/// </summary>
public sealed class ChunkAccessFiltersTests
{
    [Theory]
    [InlineData(10_000_000, new long[] { 3, 4_999_999, 10_000_000 })]
    [InlineData(200, new long[] { 1, 2, 3, 64, 65, 127, 128, 200 })]
    public void AFilterRefusesTheHiddenKeysAndKeysNewerThanItsSnapshot(long maxKey, long[] hidden)
    {
        var readable = ChunkAccessFilters.Build([.. hidden], maxKey);
        var hiddenSet = hidden.ToHashSet();
        var probes = hidden.Concat(hidden.Select(k => k - 1)).Concat(hidden.Select(k => k + 1)).Concat([0, maxKey / 2, maxKey + 1, -1]).Distinct();

        foreach (var key in probes)
        {
            Assert.Equal(key >= 0 && key <= maxKey && !hiddenSet.Contains(key), readable(key));
        }
    }
}
