namespace Docent.Documents.Ocr;

/// <summary>
/// An encoded image (PNG, JPEG or TIFF bytes) to recognise, with the name used in messages and, when the caller knows
/// it, the resolution it was scanned or rendered at. Immutable.
/// </summary>
/// <param name="Bytes">The encoded image.</param>
/// <param name="Name">What the image is, for messages ("scan.png", "report.pdf page 3").</param>
/// <param name="Dpi">Pixels per inch when known (a rendered PDF page), else null (the file's own, or Tesseract's guess).</param>
public sealed record OcrImage(ReadOnlyMemory<byte> Bytes, string Name, int? Dpi = null);
