namespace Docent.Benchmarks.Lexical;

/// <summary>What <see cref="ColdSearchBenchmark"/> measured on one synthetic data folder. Immutable.</summary>
/// <param name="Corpus">Always "zipf".</param>
/// <param name="Documents">Synthetic documents, stored one per chunk.</param>
/// <param name="Seed">Seed of the corpus and queries.</param>
/// <param name="Vocabulary">Words in the synthetic vocabulary.</param>
/// <param name="Folder">The data folder, and how long it took to build when this run built it.</param>
/// <param name="Runs">Timed runs of each command.</param>
/// <param name="SearchCommand">The search command line (QUERY stands for each run's query).</param>
/// <param name="FloorCommand">The command timed as the process start-up floor (opens no data folder).</param>
/// <param name="FirstSearchMilliseconds">Wall time of the untimed first search (it may read the files from disk rather than the OS cache).</param>
/// <param name="SearchMilliseconds">Wall time of a cold search, from starting the process to its exit.</param>
/// <param name="SearchElapsedMilliseconds">The search's own time inside the process (its <c>elapsedMs</c>: retrieval after opening the folder).</param>
/// <param name="FloorMilliseconds">Wall time of <paramref name="FloorCommand"/>.</param>
/// <param name="QueriesWithResults">Timed queries that found at least one passage.</param>
/// <param name="OpenMilliseconds">Time to open the folder in this process (<c>DataFolder.OpenAsync</c>, lexical, read-only).</param>
/// <param name="HeapBytesAfterOpen">Growth of the managed heap (<c>GC.GetTotalMemory(true)</c>) across that open.</param>
/// <param name="WorkingSetBytesAfterOpen">Growth of this process's working set across that open (mapped files it touched included).</param>
public sealed record ColdSearchResult(
    string Corpus, int Documents, int Seed, int Vocabulary, ZipfDataFolderInfo Folder, int Runs, string SearchCommand, string FloorCommand,
    double FirstSearchMilliseconds, LexicalSpread SearchMilliseconds, LexicalSpread SearchElapsedMilliseconds, LexicalSpread FloorMilliseconds,
    int QueriesWithResults, double OpenMilliseconds, long HeapBytesAfterOpen, long WorkingSetBytesAfterOpen);
