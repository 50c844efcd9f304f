namespace Docent.Benchmarks.Lexical;

/// <summary>One engine as <see cref="LexicalIndexBenchmark"/> drives it: build to a folder, open, search. Not thread-safe.</summary>
internal interface ILexicalBenchEngine : IDisposable
{
    /// <summary>"docent" or "lucene".</summary>
    string Name { get; }

    /// <summary>What runs, in words.</summary>
    string Settings { get; }

    /// <summary>Indexes <paramref name="documents"/> (key = position) and writes the index under <paramref name="folder"/>.</summary>
    void Build(IReadOnlyList<string> documents, string folder, CancellationToken cancellationToken);

    /// <summary>Opens the index written by <see cref="Build"/>.</summary>
    void Open(string folder);

    /// <summary>Runs one top-10 query as a user of the engine would, returning how many results came back.</summary>
    int Search(string query);

    /// <summary>The keys of the top 10 of <paramref name="query"/>, best first.</summary>
    long[] TopKeys(string query);
}
