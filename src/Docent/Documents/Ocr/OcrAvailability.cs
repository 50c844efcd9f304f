using System.Collections.Concurrent;

namespace Docent.Documents.Ocr;

/// <summary>
/// Whether readers can OCR, and with what: the engine the settings chose (the faster one installed for "auto", falling
/// back to the other), the options, the render resolution and the low-confidence threshold — or, when OCR is off,
/// the reason in plain words ("OCR is off: tesseract is not installed (apt-get install tesseract-ocr)"), which
/// readers report instead of skipping images silently. Immutable; <see cref="For"/> is cheap and cached per settings.
/// </summary>
public sealed class OcrAvailability
{
    private static readonly ConcurrentDictionary<(bool, string, OcrEngineKind), (IOcrEngine?, string?)> Choices = new();

    private OcrAvailability(IOcrEngine? engine, string? unavailableReason, OcrOptions options, int dpi, double lowConfidence)
    {
        Engine = engine;
        UnavailableReason = unavailableReason;
        Options = options;
        Dpi = dpi;
        LowConfidence = lowConfidence;
    }

    /// <summary>The engine, or null when OCR is off.</summary>
    public IOcrEngine? Engine { get; }

    /// <summary>Why OCR is off ("OCR is off: …"), or null when <see cref="Engine"/> is set.</summary>
    public string? UnavailableReason { get; }

    /// <summary>Languages and limits for the engine.</summary>
    public OcrOptions Options { get; }

    /// <summary>The resolution scanned PDF pages are rendered at.</summary>
    public int Dpi { get; }

    /// <summary>Pages below this mean confidence (0–100) are read with a warning.</summary>
    public double LowConfidence { get; }

    /// <summary>OCR with <paramref name="engine"/> (tests and benchmarks pass a decorated or specific engine).</summary>
    public static OcrAvailability Using(IOcrEngine engine, OcrSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        settings ??= new OcrSettings();
        settings.Validate();
        return new OcrAvailability(engine, null, settings.ToOptions(), settings.Dpi, settings.LowConfidence);
    }

    /// <summary>No OCR, for <paramref name="reason"/> (phrased after "OCR is off: ").</summary>
    public static OcrAvailability Off(string reason, OcrSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        settings ??= new OcrSettings();
        return new OcrAvailability(null, "OCR is off: " + reason, settings.ToOptions(), settings.Dpi, settings.LowConfidence);
    }

    /// <summary>The engine <paramref name="settings"/> ask for, if installed; else the reason it is not.</summary>
    public static OcrAvailability For(OcrSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var (engine, reason) = Choices.GetOrAdd((settings.Enabled, settings.Languages, settings.Engine), key => Choose(key.Item1, key.Item2, key.Item3));
        return engine is null ? Off(reason!, settings) : new OcrAvailability(engine, null, settings.ToOptions(), settings.Dpi, settings.LowConfidence);
    }

    private static (IOcrEngine?, string?) Choose(bool enabled, string languages, OcrEngineKind kind)
    {
        if (!enabled)
        {
            return (null, "ocr.enabled is false");
        }

        var whyNoNative = kind == OcrEngineKind.Process ? "not chosen" : TesseractInstallation.WhyNativeUnavailable(languages);
        var whyNoProcess = kind == OcrEngineKind.Native ? "not chosen" : TesseractInstallation.WhyProgramUnavailable(languages);
        return kind switch
        {
            OcrEngineKind.Native => whyNoNative is null ? (TesseractNativeEngine.Shared, null) : (null, whyNoNative),
            OcrEngineKind.Process => whyNoProcess is null ? (new TesseractProcessEngine(), null) : (null, whyNoProcess),
            // The program first: a hostile image that crashes Leptonica's decoders then takes down one child process, not
            // the server, and the two measured the same within this machine's noise (docs/benchmarks.md, "OCR").
            _ => whyNoProcess is null ? (new TesseractProcessEngine(), null)
                : whyNoNative is null ? (TesseractNativeEngine.Shared, null)
                : (null, TesseractInstallation.ProgramPath is null && !TesseractInstallation.NativeLibraryLoads
                    ? "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)"
                    : whyNoProcess),
        };
    }
}
