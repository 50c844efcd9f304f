namespace Docent.Benchmarks.Lexical;

/// <summary>Settings of <see cref="LexicalIndexBenchmark"/>. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class LexicalBenchmarkOptions
{
    /// <summary>Synthetic Zipf documents (ignored with <see cref="SciFactDirectory"/>).</summary>
    public int Documents { get; set; } = 10_000;

    /// <summary>Queries timed per round (SciFact: its first this many claims).</summary>
    public int Queries { get; set; } = 1000;

    /// <summary>Rounds; each times every query on Docent, then on Lucene.NET.</summary>
    public int Rounds { get; set; } = 5;

    /// <summary>Seed of the synthetic documents and queries.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Words in the synthetic vocabulary.</summary>
    public int Vocabulary { get; set; } = ZipfCorpus.DefaultVocabulary;

    /// <summary>A BEIR SciFact folder (corpus.jsonl, queries.jsonl) to measure instead of the synthetic corpus; null for synthetic.</summary>
    public string? SciFactDirectory { get; set; }

    /// <summary>
    /// Percent of the documents Docent's searches may not return, as for a caller without access to them (0: none): every
    /// search then leaves them out of its top K and scores with the rest's figures alone. Lucene searches everything.
    /// </summary>
    public int HiddenPercent { get; set; }

    /// <summary>Throws when the options are out of range, naming the option.</summary>
    public void Validate()
    {
        if (SciFactDirectory is null && Documents is < 1 or > 10_000_000)
        {
            throw new ArgumentException($"--docs: {Documents} is not between 1 and 10000000.");
        }

        if (Queries is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"--queries: {Queries} is not between 1 and 1000000.");
        }

        if (HiddenPercent is < 0 or > 99)
        {
            throw new ArgumentException($"--hidden-percent: {HiddenPercent} is not between 0 and 99.");
        }

        if (Rounds is < 1 or > 100)
        {
            throw new ArgumentException($"--rounds: {Rounds} is not between 1 and 100.");
        }

        if (Vocabulary is < 1000 or > 100_000_000)
        {
            throw new ArgumentException($"vocabulary: {Vocabulary} is not between 1000 and 100000000.");
        }
    }
}
