namespace Docent.Documents.Ocr;

/// <summary>Which Tesseract engine reads scans: the faster one that is installed, the program, or the library.</summary>
public enum OcrEngineKind
{
    /// <summary>The faster engine that is available (the library), else the other.</summary>
    Auto,

    /// <summary>The <c>tesseract</c> program, one process per image.</summary>
    Process,

    /// <summary>libtesseract.so.5 in this process.</summary>
    Native,
}
