using System.Runtime.InteropServices;

namespace Docent.Documents.Ocr;

/// <summary>The few functions of Tesseract's C API (capi.h) and Leptonica the native engine calls. Not thread-safe per handle.</summary>
internal static unsafe partial class TesseractNative
{
    private const string Tesseract = TesseractInstallation.NativeLibraryName;
    private const string Leptonica = TesseractInstallation.LeptonicaLibraryName;

    /// <summary>Leptonica's severity that prints nothing (its errors become our reasons instead of stderr noise).</summary>
    public const int SeverityNone = 6;

    [LibraryImport(Tesseract)]
    public static partial IntPtr TessBaseAPICreate();

    [LibraryImport(Tesseract, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPIInit3(IntPtr api, string? dataPath, string language);

    [LibraryImport(Tesseract, StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.I4)]
    public static partial int TessBaseAPISetVariable(IntPtr api, string name, string value);

    [LibraryImport(Tesseract)]
    public static partial void TessBaseAPISetImage2(IntPtr api, IntPtr pix);

    [LibraryImport(Tesseract)]
    public static partial void TessBaseAPISetSourceResolution(IntPtr api, int ppi);

    [LibraryImport(Tesseract)]
    public static partial int TessBaseAPIRecognize(IntPtr api, IntPtr monitor);

    [LibraryImport(Tesseract)]
    public static partial IntPtr TessBaseAPIGetTsvText(IntPtr api, int pageNumber);

    [LibraryImport(Tesseract)]
    public static partial void TessDeleteText(IntPtr text);

    [LibraryImport(Tesseract)]
    public static partial void TessBaseAPIClear(IntPtr api);

    [LibraryImport(Tesseract)]
    public static partial void TessBaseAPIEnd(IntPtr api);

    [LibraryImport(Tesseract)]
    public static partial void TessBaseAPIDelete(IntPtr api);

    [LibraryImport(Tesseract)]
    public static partial IntPtr TessMonitorCreate();

    [LibraryImport(Tesseract)]
    public static partial void TessMonitorDelete(IntPtr monitor);

    [LibraryImport(Tesseract)]
    public static partial void TessMonitorSetDeadlineMSecs(IntPtr monitor, int milliseconds);

    [LibraryImport(Tesseract)]
    public static partial void TessMonitorSetCancelFunc(IntPtr monitor, delegate* unmanaged[Cdecl]<IntPtr, int, byte> cancel);

    [LibraryImport(Tesseract)]
    public static partial void TessMonitorSetCancelThis(IntPtr monitor, IntPtr cancelThis);

    [LibraryImport(Leptonica)]
    public static partial IntPtr pixReadMem(byte* data, nuint size);

    [LibraryImport(Leptonica)]
    public static partial IntPtr pixReadMemTiff(byte* data, nuint size, int frame);

    [LibraryImport(Leptonica)]
    public static partial void pixDestroy(ref IntPtr pix);

    [LibraryImport(Leptonica)]
    public static partial int setMsgSeverity(int severity);
}
