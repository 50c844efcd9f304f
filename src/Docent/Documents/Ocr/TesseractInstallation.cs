using System.Runtime.InteropServices;

namespace Docent.Documents.Ocr;

/// <summary>
/// Finds what of Tesseract is installed, cheaply (a walk of PATH, a few file checks, one library load, each done once
/// per process): the <c>tesseract</c> program, <c>libtesseract.so.5</c> with Leptonica, and the language data
/// folder; and says in plain words, with the Debian package to install, what is missing. Thread-safe.
/// </summary>
public static class TesseractInstallation
{
    /// <summary>The shared library the native engine binds to.</summary>
    public const string NativeLibraryName = "libtesseract.so.5";

    /// <summary>Leptonica, which decodes images for Tesseract.</summary>
    public const string LeptonicaLibraryName = "liblept.so.5";

    private static readonly Lazy<string?> Program = new(() => FindProgram("tesseract"));
    private static readonly Lazy<string?> DataFolder = new(FindDataFolder);
    private static readonly Lazy<bool> Native = new(() =>
        NativeLibrary.TryLoad(NativeLibraryName, out _) && NativeLibrary.TryLoad(LeptonicaLibraryName, out _));

    /// <summary>The full path of the tesseract program, or null when it is not on the PATH.</summary>
    public static string? ProgramPath => Program.Value;

    /// <summary>The folder holding the *.traineddata language files, or null when none is found.</summary>
    public static string? LanguageDataFolder => DataFolder.Value;

    /// <summary>Whether libtesseract.so.5 and liblept.so.5 load in this process.</summary>
    public static bool NativeLibraryLoads => Native.Value;

    /// <summary>Why the program cannot OCR <paramref name="languages"/>, or null when it can.</summary>
    public static string? WhyProgramUnavailable(string languages) =>
        ProgramPath is null ? "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)" : WhyLanguagesMissing(languages);

    /// <summary>Why the library cannot OCR <paramref name="languages"/> in this process, or null when it can.</summary>
    public static string? WhyNativeUnavailable(string languages) =>
        !NativeLibraryLoads ? $"{NativeLibraryName} could not be loaded (apt-get install libtesseract5 tesseract-ocr-eng)" : WhyLanguagesMissing(languages);

    /// <summary>The language codes of <paramref name="languages"/> with no traineddata file.</summary>
    public static IReadOnlyList<string> MissingLanguages(string languages) =>
        [.. OcrLanguages.Split(languages).Where(code => LanguageDataFolder is not { } folder || !File.Exists(Path.Combine(folder, code + ".traineddata")))];

    /// <summary>The full path of <paramref name="name"/> in a PATH folder, or null.</summary>
    public static string? FindProgram(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? WhyLanguagesMissing(string languages)
    {
        var missing = MissingLanguages(languages);
        if (missing.Count == 0)
        {
            return null;
        }

        var packages = string.Join(' ', missing.Select(code => "tesseract-ocr-" + code.Replace('_', '-').ToLowerInvariant()));
        return LanguageDataFolder is null
            ? $"no Tesseract language data was found (apt-get install {packages})"
            : $"the Tesseract language data for {string.Join(", ", missing)} is not installed in {LanguageDataFolder} (apt-get install {packages})";
    }

    private static string? FindDataFolder()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("TESSDATA_PREFIX") is { Length: > 0 } prefix)
        {
            candidates.Add(prefix);
            candidates.Add(Path.Combine(prefix, "tessdata"));
        }

        candidates.AddRange(["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata"]);
        return candidates.FirstOrDefault(folder => Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.traineddata").Any());
    }
}
