namespace Docent.Benchmarks.Ocr;

/// <summary>What `docent bench ocr` measured, with what it ran on. Immutable.</summary>
public sealed record OcrBenchmarkResult(
    string Pdf, int FirstPage, int Pages, int Dpi, int Rounds, string Languages, int ReferenceCharacters, int ProcessorCount,
    IReadOnlyList<OcrEngineResult> Engines);
