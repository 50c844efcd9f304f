namespace Docent.Documents;

/// <summary>One page (or image) read by OCR and its mean word confidence, 0–100 on Tesseract's scale. Immutable.</summary>
/// <param name="Page">The 1-based page number.</param>
/// <param name="Confidence">Mean word confidence, rounded to one decimal.</param>
public sealed record OcrPageConfidence(int Page, double Confidence);
