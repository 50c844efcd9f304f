using Docent.Documents.Ocr;

namespace Docent.Tests.Documents.Ocr;

/// <summary>
/// A test that runs Debian's Tesseract (the program and libtesseract.so.5, with English): it is skipped, saying so and
/// how to install it, when either is missing (<c>.ci/run</c> installs them when it runs as root).
/// </summary>
public sealed class OcrFactAttribute : FactAttribute
{
    public OcrFactAttribute()
    {
        if (TesseractInstallation.WhyProgramUnavailable("eng") is not null || TesseractInstallation.WhyNativeUnavailable("eng") is not null)
        {
            Skip = "tesseract is not installed; apt-get install tesseract-ocr tesseract-ocr-eng (OCR was not tested).";
        }
    }
}
