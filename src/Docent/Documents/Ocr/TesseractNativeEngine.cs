using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Docent.Documents.Ocr;

/// <summary>
/// Tesseract called in this process through its C API (libtesseract.so.5): Leptonica decodes the image from memory
/// (each TIFF page in turn), the recogniser runs under a monitor that stops it at the page time limit or when the caller
/// cancels, and its TSV is parsed into pages. Initialised recognisers are kept per language string and reused, so
/// the language model is loaded once rather than once per page. Thread-safe: each call takes its own recogniser.
/// </summary>
public sealed unsafe class TesseractNativeEngine : IOcrEngine, IDisposable
{
    private static readonly Lazy<TesseractNativeEngine> SharedEngine = new(() => new TesseractNativeEngine());
    private readonly ConcurrentDictionary<string, ConcurrentBag<IntPtr>> _idle = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates an engine; check <see cref="TesseractInstallation.WhyNativeUnavailable"/> first.</summary>
    public TesseractNativeEngine()
    {
        // Leptonica prints decoder errors to stderr; the reasons reach the user through OcrFailedException instead.
        _ = TesseractNative.setMsgSeverity(TesseractNative.SeverityNone);
    }

    /// <summary>One engine for the whole process, so recognisers are shared by every data folder.</summary>
    public static TesseractNativeEngine Shared => SharedEngine.Value;

    /// <inheritdoc />
    public string Name => "tesseract-native";

    /// <inheritdoc />
    public Task<IReadOnlyList<OcrPage>> RecognizeAsync(OcrImage image, OcrOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= new OcrOptions();
        var frames = ImageFrames.Read(image.Bytes.Span, image.Name, options.MaxPages);
        frames.CheckLimits(image.Name, options);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.Run(() => Recognize(image, frames, options, cancellationToken), cancellationToken);
    }

    /// <summary>Ends every idle recogniser.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var bag in _idle.Values)
        {
            while (bag.TryTake(out var api))
            {
                End(api);
            }
        }
    }

    private IReadOnlyList<OcrPage> Recognize(OcrImage image, ImageFrames frames, OcrOptions options, CancellationToken cancellationToken)
    {
        var api = Take(image.Name, options.Languages);
        var cancelFlag = (int*)NativeMemory.AllocZeroed(sizeof(int));
        try
        {
            using var registration = cancellationToken.Register(() => Volatile.Write(ref *cancelFlag, 1));
            var pages = new List<OcrPage>(frames.Frames.Count);
            using var pin = image.Bytes.Pin();
            for (var frame = 0; frame < frames.Frames.Count; frame++)
            {
                pages.Add(RecognizeFrame(api, (byte*)pin.Pointer, frame, frames, image, options, cancelFlag, cancellationToken));
            }

            return pages;
        }
        finally
        {
            TesseractNative.TessBaseAPIClear(api);
            _idle.GetOrAdd(options.Languages, _ => []).Add(api);
            NativeMemory.Free(cancelFlag);
        }
    }

    private static OcrPage RecognizeFrame(
        IntPtr api, byte* data, int frame, ImageFrames frames, OcrImage image, OcrOptions options, int* cancelFlag, CancellationToken cancellationToken)
    {
        var size = (nuint)image.Bytes.Length;
        var pix = frames.Format == "tiff" ? TesseractNative.pixReadMemTiff(data, size, frame) : TesseractNative.pixReadMem(data, size);
        var which = frames.Frames.Count == 1 ? "" : $" (page {frame + 1})";
        if (pix == IntPtr.Zero)
        {
            throw new OcrFailedException(image.Name, $"the {frames.Format.ToUpperInvariant()} could not be decoded{which} (truncated or damaged?)");
        }

        var monitor = TesseractNative.TessMonitorCreate();
        try
        {
            TesseractNative.TessBaseAPISetImage2(api, pix);
            if (image.Dpi is { } dpi)
            {
                TesseractNative.TessBaseAPISetSourceResolution(api, dpi);
            }

            TesseractNative.TessMonitorSetCancelFunc(monitor, &ShouldCancel);
            TesseractNative.TessMonitorSetCancelThis(monitor, (IntPtr)cancelFlag);
            TesseractNative.TessMonitorSetDeadlineMSecs(monitor, (int)Math.Min(int.MaxValue, options.PageTimeout.TotalMilliseconds));
            var clock = Stopwatch.StartNew();
            var status = TesseractNative.TessBaseAPIRecognize(api, monitor);
            cancellationToken.ThrowIfCancellationRequested();
            if (clock.Elapsed >= options.PageTimeout)
            {
                throw new OcrFailedException(image.Name, $"OCR stopped after {options.PageTimeout.TotalSeconds:0.#} s{which}, the time limit for one page");
            }

            if (status != 0)
            {
                throw new OcrFailedException(image.Name, $"tesseract could not recognise the image{which}");
            }

            var text = TesseractNative.TessBaseAPIGetTsvText(api, frame);
            try
            {
                var pages = TesseractTsv.Parse(Marshal.PtrToStringUTF8(text) ?? "");
                return pages.Count > 0 ? pages[0] : new OcrPage(frames.Frames[frame].Width, frames.Frames[frame].Height, [], 0);
            }
            finally
            {
                TesseractNative.TessDeleteText(text);
            }
        }
        finally
        {
            TesseractNative.TessMonitorDelete(monitor);
            TesseractNative.pixDestroy(ref pix);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte ShouldCancel(IntPtr cancelFlag, int words) => Volatile.Read(ref *(int*)cancelFlag) != 0 ? (byte)1 : (byte)0;

    private IntPtr Take(string name, string languages)
    {
        if (_idle.TryGetValue(languages, out var bag) && bag.TryTake(out var idle))
        {
            return idle;
        }

        var api = TesseractNative.TessBaseAPICreate();
        if (TesseractNative.TessBaseAPIInit3(api, TesseractInstallation.LanguageDataFolder, languages) != 0)
        {
            End(api);
            throw new OcrFailedException(name, $"tesseract could not load the language data for \"{languages}\"");
        }

        // Tesseract's own warnings (resolution guesses) would go to stderr; our reasons say what matters.
        _ = TesseractNative.TessBaseAPISetVariable(api, "debug_file", "/dev/null");

        // The library's default is one uniform block (6); the program's, which finds columns and paragraphs, is 3.
        _ = TesseractNative.TessBaseAPISetVariable(api, "tessedit_pageseg_mode", "3");
        return api;
    }

    private static void End(IntPtr api)
    {
        TesseractNative.TessBaseAPIEnd(api);
        TesseractNative.TessBaseAPIDelete(api);
    }
}
