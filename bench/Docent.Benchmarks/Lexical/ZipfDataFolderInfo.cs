namespace Docent.Benchmarks.Lexical;

/// <summary>A data folder <see cref="ZipfDataFolder"/> built or found in its cache. Immutable.</summary>
/// <param name="DataDirectory">The folder's full path (pass it to <c>--data</c>).</param>
/// <param name="Chunks">Chunks stored (one per synthetic document).</param>
/// <param name="Created">Whether this run built it (false: reused from the cache).</param>
/// <param name="StoreSeconds">Time to generate and store the chunks; null when reused.</param>
/// <param name="IndexSeconds">Time to open the folder as a writer, load the lexical index (build it from the chunks when there is none or
/// this build cannot read it) and save it: when built, and again when reused.</param>
/// <param name="DiskBytes">Size of every file in the folder.</param>
/// <param name="IndexBytes">Size of the saved lexical index file.</param>
public sealed record ZipfDataFolderInfo(
    string DataDirectory, int Chunks, bool Created, double? StoreSeconds, double? IndexSeconds, long DiskBytes, long IndexBytes);
