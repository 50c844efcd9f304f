using Docent.Hosting;
using Docent.Retrieval;

namespace Docent.Cluster.Tests;

/// <summary>The single store's ranking the sharded collection is held to.</summary>
internal static class ReferenceSearch
{
    /// <summary>The top 10 of one data folder for <paramref name="query"/>, searched with its own statistics.</summary>
    public static async Task<IReadOnlyList<RetrievedChunk>> TopTenAsync(DataFolder reference, string query)
    {
        var searcher = reference.CreateShardSearcher();
        var languages = LexicalQuery.CandidateLanguages((await searcher.GetStatisticsAsync([])).LanguageCounts);
        var terms = LexicalQuery.Analyze(reference.Analyzer, query, languages);
        if (terms.Count == 0)
        {
            return [];
        }

        var statistics = await searcher.GetStatisticsAsync(terms.Select(t => t.Term).Distinct(StringComparer.Ordinal).ToArray());
        return await searcher.FetchAsync((await searcher.SearchLexicalAsync(terms, statistics.Lexical, 10)).Hits);
    }
}
