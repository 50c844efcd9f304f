namespace Docent.Benchmarks.Lexical;

/// <summary>What <see cref="LexicalIndexBenchmark"/> measured of one engine. Immutable.</summary>
/// <param name="Engine">"docent" or "lucene".</param>
/// <param name="Settings">What ran, in words (analyzer, scoring, storage).</param>
/// <param name="BuildSeconds">Time to index every document and write the index to disk (Lucene: including the merge to one segment).</param>
/// <param name="OpenSeconds">Time to open the index from disk.</param>
/// <param name="DiskBytes">Bytes of the index files on disk.</param>
/// <param name="HeapBytesAfterOpen">Managed heap growth across opening the index (GC.GetTotalMemory(true) before and after); memory-mapped files are not counted.</param>
/// <param name="QueriesPerSecond">Queries per second on one thread, per round.</param>
/// <param name="P50Milliseconds">Median query latency, per round.</param>
/// <param name="P99Milliseconds">99th percentile query latency, per round.</param>
public sealed record LexicalEngineResult(
    string Engine, string Settings, double BuildSeconds, double OpenSeconds, long DiskBytes, long HeapBytesAfterOpen,
    LexicalSpread QueriesPerSecond, LexicalSpread P50Milliseconds, LexicalSpread P99Milliseconds);
