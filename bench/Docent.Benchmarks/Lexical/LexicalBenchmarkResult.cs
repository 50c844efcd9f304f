namespace Docent.Benchmarks.Lexical;

/// <summary>What <see cref="LexicalIndexBenchmark"/> measured: the settings that ran and each engine's figures. Immutable.</summary>
/// <param name="Corpus">"zipf" or "scifact".</param>
/// <param name="Documents">Documents indexed.</param>
/// <param name="Queries">Queries timed per round.</param>
/// <param name="Rounds">Timed rounds (A B A B …) after one untimed pass of each engine.</param>
/// <param name="Seed">Seed of the synthetic corpus (null for SciFact).</param>
/// <param name="Vocabulary">Words in the synthetic vocabulary (null for SciFact).</param>
/// <param name="Top">Results per query.</param>
/// <param name="K1">BM25 k1 of both engines (Docent's default).</param>
/// <param name="B">BM25 b of both engines (Docent's default).</param>
/// <param name="PrepareSeconds">Time to generate or read the documents and queries.</param>
/// <param name="AverageWords">Mean words (whitespace-separated) per document.</param>
/// <param name="OverlapAt10">Mean over queries of |Docent top 10 ∩ Lucene top 10| / the longer list's length (queries where both return nothing are left out).</param>
/// <param name="Docent">Docent's <c>Bm25Index</c>.</param>
/// <param name="Lucene">Lucene.NET.</param>
public sealed record LexicalBenchmarkResult(
    string Corpus, int Documents, int Queries, int Rounds, int? Seed, int? Vocabulary, int Top, double K1, double B,
    double PrepareSeconds, double AverageWords, double OverlapAt10, LexicalEngineResult Docent, LexicalEngineResult Lucene);
