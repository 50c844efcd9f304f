namespace Docent.Retrieval;

/// <summary>Per-query settings of a lexical index search. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class LexicalSearchOptions
{
    /// <summary>How many chunks to return (at least 1).</summary>
    public int Top { get; set; } = 10;

    /// <summary>
    /// Collection-wide figures to score with instead of the index's own (a shard of a larger collection is searched with
    /// the sum of every shard's <see cref="ILexicalSearcher.GetStatistics"/>); null scores with the index's own. They must
    /// name every query term. An index that cannot score with outside figures throws <see cref="NotSupportedException"/>.
    /// </summary>
    public LexicalStatistics? Statistics { get; set; }

    /// <summary>
    /// Only chunks this predicate accepts are returned (for example: the chunks a caller may read); null accepts all.
    /// Without <see cref="Statistics"/>, the index also scores with the accepted chunks' figures alone (their count,
    /// field lengths and term frequencies), so a rejected chunk changes no returned score.
    /// </summary>
    public Func<long, bool>? Filter { get; set; }

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (Top < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Top), Top, "Top must be at least 1.");
        }

        if (Statistics is { } statistics && (statistics.DocumentCount is < 0 or > int.MaxValue || statistics.TitleLength < 0 || statistics.HeadingsLength < 0 || statistics.BodyLength < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Statistics), "Statistics must count between 0 and 2^31 - 1 chunks and no negative lengths.");
        }
    }
}
