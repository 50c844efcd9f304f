using Docent.Benchmarks.Lexical;

namespace Docent.Benchmarks.Ocr;

/// <summary>
/// One engine's figures: pages a minute (median over rounds, lowest and highest round), character error rate over all
/// pages (edits / reference characters) and the worst page's, and the mean Tesseract confidence. Immutable.
/// </summary>
public sealed record OcrEngineResult(string Engine, LexicalSpread PagesPerMinute, double CharacterErrorRate, double WorstPageCharacterErrorRate, double MeanConfidence);
