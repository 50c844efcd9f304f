namespace Docent.Documents.Ocr;

/// <summary>One recognised word with its box and Tesseract's confidence (0–100). Immutable.</summary>
/// <param name="Text">The word as recognised.</param>
/// <param name="Box">Where it is on the image.</param>
/// <param name="Confidence">How sure the recogniser is, 0–100.</param>
public sealed record OcrWord(string Text, OcrBox Box, double Confidence);
