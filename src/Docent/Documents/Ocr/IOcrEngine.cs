namespace Docent.Documents.Ocr;

/// <summary>
/// Recognises the text of an image: words with their boxes and confidences, grouped into lines, paragraphs and
/// blocks, one <see cref="OcrPage"/> per frame (a multi-page TIFF has several). Implementations check
/// <see cref="OcrOptions"/>' limits before decoding and throw <see cref="OcrFailedException"/> naming the reason.
/// Thread-safe.
/// </summary>
public interface IOcrEngine
{
    /// <summary>Short name of the engine ("tesseract-process", "tesseract-native").</summary>
    string Name { get; }

    /// <summary>Recognises every frame of <paramref name="image"/>, in order.</summary>
    Task<IReadOnlyList<OcrPage>> RecognizeAsync(OcrImage image, OcrOptions? options = null, CancellationToken cancellationToken = default);
}
