using System.Collections.Concurrent;
using Docent.Retrieval;
using Orleans.Concurrency;

namespace Docent.Cluster;

/// <summary>
/// The collection-wide statistics: chunk count, field lengths and languages summed over the shards once, and document
/// frequencies summed per term the first time a query uses it, all valid while every shard stays at the version it
/// reported. Each shard's search answer names the version it searched; one that moved makes the coordinator read the
/// statistics again and search again, so a search never merges scores computed from different figures.
/// </summary>
public sealed partial class ShardedCollection
{
    /// <summary>Tries of statistics-then-search before a search settles for figures that moved under it.</summary>
    private const int StatisticsAttempts = 3;

    private CollectionView? _view;

    private async Task<ShardedSearchResult> SearchLexicalAsync(
        Func<IReadOnlyList<string>, IReadOnlyList<WeightedTerm>> termsFor, int top, CancellationToken cancellationToken)
    {
        ShardedSearchResult? result = null;
        for (int attempt = 1; attempt <= StatisticsAttempts; attempt++)
        {
            var view = await GetViewAsync(cancellationToken).ConfigureAwait(false);
            var terms = termsFor(view.Languages).ToArray();
            if (terms.Length == 0)
            {
                return new ShardedSearchResult([], view.MissingShards);
            }

            var names = terms.Select(t => t.Term).Distinct(StringComparer.Ordinal).ToArray();
            var frequencies = await GetFrequenciesAsync(view, names, cancellationToken).ConfigureAwait(false);
            if (frequencies is null)
            {
                ClusterLog.StatisticsMoved(_logger, Name);
                continue;
            }

            var statistics = new LexicalStatistics(view.Documents, view.TitleLength, view.HeadingsLength, view.BodyLength, frequencies).AsImmutable();
            var sent = terms.AsImmutable();
            var responses = await Task.WhenAll(Enumerable.Range(0, ShardCount)
                .Select(i => CallAsync(i, async (shard, ct) => (await shard.SearchLexicalAsync(sent, statistics, top, ct).ConfigureAwait(false)).Value, cancellationToken)))
                .ConfigureAwait(false);
            bool current = Enumerable.Range(0, ShardCount).All(i => responses[i] is null || responses[i]!.Version == view.Versions[i]);
            if (!current)
            {
                Forget(view);
                ClusterLog.StatisticsMoved(_logger, Name);
                if (attempt < StatisticsAttempts)
                {
                    continue;
                }
            }

            // Settled, or the last try: fetch the winners (of figures one write old on the last, which the result says).
            var missing = Enumerable.Range(0, ShardCount).Where(i => responses[i] is null).ToList();
            var hits = await MergeAndFetchAsync([.. responses.Select(r => r?.Hits)], top, missing, cancellationToken).ConfigureAwait(false);
            result = new ShardedSearchResult(hits, missing, current);
            if (current)
            {
                return Report(result);
            }
        }

        ClusterLog.StatisticsUnsettled(_logger, Name, StatisticsAttempts);
        return Report(result ?? new ShardedSearchResult([], [], StatisticsCurrent: false));
    }

    private ShardedSearchResult Report(ShardedSearchResult result)
    {
        if (result.IsPartial)
        {
            ClusterLog.PartialResults(_logger, Name, string.Join(", ", result.MissingShards));
        }

        return result;
    }

    /// <summary>The cached view, or a new one read from every shard (kept only when every shard answered).</summary>
    private async Task<CollectionView> GetViewAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _view) is { } cached)
        {
            return cached;
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, ShardCount)
            .Select(i => CallAsync(i, (shard, ct) => StatisticsOfAsync(shard, [], ct), cancellationToken))).ConfigureAwait(false);
        var view = CollectionView.From(responses);
        if (view.MissingShards.Count == 0)
        {
            Volatile.Write(ref _view, view);
        }

        return view;
    }

    /// <summary>
    /// The collection's document frequency of each name: cached ones, and the rest summed over the shards. Null when a
    /// shard's version moved since <paramref name="view"/> was read (the view is then forgotten).
    /// </summary>
    private async Task<Dictionary<string, long>?> GetFrequenciesAsync(CollectionView view, string[] names, CancellationToken cancellationToken)
    {
        var frequencies = new Dictionary<string, long>(names.Length, StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (string name in names)
        {
            if (view.Frequencies.TryGetValue(name, out long df))
            {
                frequencies[name] = df;
            }
            else
            {
                unknown.Add(name);
            }
        }

        if (unknown.Count == 0)
        {
            return frequencies;
        }

        string[] asked = [.. unknown];
        var responses = await Task.WhenAll(Enumerable.Range(0, ShardCount)
            .Select(i => CallAsync(i, (shard, ct) => StatisticsOfAsync(shard, asked, ct), cancellationToken))).ConfigureAwait(false);
        for (int i = 0; i < ShardCount; i++)
        {
            if ((responses[i]?.Version ?? CollectionView.Unanswered) != view.Versions[i])
            {
                Forget(view);
                return null;
            }
        }

        foreach (string name in asked)
        {
            long df = responses.Sum(r => r is null ? 0 : r.Lexical.DocumentFrequencies.GetValueOrDefault(name));
            frequencies[name] = df;
            if (view.MissingShards.Count == 0)
            {
                view.Frequencies.TryAdd(name, df);
            }
        }

        if (view.Frequencies.Count > _options.MaxCachedTerms)
        {
            Forget(view);
        }

        return frequencies;
    }

    private static async Task<ShardStatistics> StatisticsOfAsync(IShardGrain shard, string[] terms, CancellationToken cancellationToken) =>
        (await shard.GetStatisticsAsync(terms.AsImmutable(), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Drops <paramref name="view"/> if it is still the cached one.</summary>
    private void Forget(CollectionView view) => Interlocked.CompareExchange(ref _view, null, view);

    /// <summary>The summed figures of the shards at the versions they reported, and the frequencies cached for them.</summary>
    private sealed class CollectionView
    {
        /// <summary>The version recorded for a shard that did not answer.</summary>
        public const long Unanswered = long.MinValue;

        private CollectionView(long[] versions, LexicalStatistics sums, IReadOnlyList<string> languages, int[] missing)
        {
            Versions = versions;
            Documents = sums.DocumentCount;
            TitleLength = sums.TitleLength;
            HeadingsLength = sums.HeadingsLength;
            BodyLength = sums.BodyLength;
            Languages = languages;
            MissingShards = missing;
        }

        public long[] Versions { get; }

        public long Documents { get; }

        public long TitleLength { get; }

        public long HeadingsLength { get; }

        public long BodyLength { get; }

        public IReadOnlyList<string> Languages { get; }

        public IReadOnlyList<int> MissingShards { get; }

        public ConcurrentDictionary<string, long> Frequencies { get; } = new(StringComparer.Ordinal);

        public static CollectionView From(ShardStatistics?[] responses)
        {
            var answered = responses.Where(r => r is not null).Select(r => r!).ToArray();
            var languages = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var response in answered)
            {
                foreach (var (language, count) in response.LanguageCounts)
                {
                    languages[language] = languages.GetValueOrDefault(language) + count;
                }
            }

            return new CollectionView(
                [.. responses.Select(r => r?.Version ?? Unanswered)],
                LexicalStatistics.Sum(answered.Select(r => r.Lexical)),
                LexicalQuery.CandidateLanguages(languages),
                [.. Enumerable.Range(0, responses.Length).Where(i => responses[i] is null)]);
        }
    }
}
