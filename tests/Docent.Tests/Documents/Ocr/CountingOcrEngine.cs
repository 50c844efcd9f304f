using Docent.Documents.Ocr;

namespace Docent.Tests.Documents.Ocr;

/// <summary>Passes every call to a real engine and counts the images it was asked to recognise. Thread-safe.</summary>
internal sealed class CountingOcrEngine(IOcrEngine inner) : IOcrEngine
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public string Name => inner.Name;

    public Task<IReadOnlyList<OcrPage>> RecognizeAsync(OcrImage image, OcrOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return inner.RecognizeAsync(image, options, cancellationToken);
    }
}
