namespace Docent.Benchmarks.Lexical;

/// <summary>Settings of <see cref="ColdSearchBenchmark"/>. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class ColdSearchOptions
{
    /// <summary>Where the synthetic data folders are cached, one per size and seed.</summary>
    public string? DataRoot { get; set; }

    /// <summary>Synthetic Zipf documents, stored one per chunk.</summary>
    public int Documents { get; set; } = 10_000;

    /// <summary>Timed cold searches, each a new process with a different query (the start-up floor is timed as often).</summary>
    public int Runs { get; set; } = 5;

    /// <summary>Seed of the synthetic documents and queries.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Words in the synthetic vocabulary.</summary>
    public int Vocabulary { get; set; } = ZipfCorpus.DefaultVocabulary;

    /// <summary>Throws when the options are out of range, naming the option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataRoot))
        {
            throw new ArgumentException("--cold needs --data-root DIR: the folder where the synthetic data folders are built and kept for the next run.");
        }

        if (Documents is < 1 or > 10_000_000)
        {
            throw new ArgumentException($"--docs: {Documents} is not between 1 and 10000000.");
        }

        if (Runs is < 1 or > 100)
        {
            throw new ArgumentException($"--rounds: {Runs} is not between 1 and 100.");
        }

        if (Vocabulary is < 1000 or > 100_000_000)
        {
            throw new ArgumentException($"vocabulary: {Vocabulary} is not between 1000 and 100000000.");
        }
    }
}
