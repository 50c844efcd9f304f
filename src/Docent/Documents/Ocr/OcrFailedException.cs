namespace Docent.Documents.Ocr;

/// <summary>Thrown by an <see cref="IOcrEngine"/> when an image cannot be recognised: over a limit, undecodable, timed out, or the engine failed.</summary>
public sealed class OcrFailedException : Exception
{
    /// <summary>Creates the exception for <paramref name="name"/> with a user-facing reason.</summary>
    public OcrFailedException(string name, string reason, Exception? inner = null)
        : base($"{name}: {reason}", inner)
    {
        Reason = reason;
    }

    /// <summary>Why the image could not be recognised, phrased for the user.</summary>
    public string Reason { get; }
}
