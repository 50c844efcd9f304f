using System.Globalization;
using System.Text;

namespace Docent.Documents.Ocr;

/// <summary>
/// Tesseract run as a process per image (<c>tesseract stdin stdout -l LANGS tsv</c>), its TSV parsed into pages. The
/// headers are checked against the limits first; the process is killed past the page time limit (times the image's
/// pages). A crash in a decoder costs the image, never this process. Stateless and thread-safe.
/// </summary>
public sealed class TesseractProcessEngine : IOcrEngine
{
    private const long MaxOutputBytes = 64L << 20;
    private readonly string _program;

    /// <summary>Creates an engine running <paramref name="program"/> (default: tesseract found on the PATH).</summary>
    public TesseractProcessEngine(string? program = null)
    {
        _program = program ?? TesseractInstallation.ProgramPath ?? "tesseract";
    }

    /// <inheritdoc />
    public string Name => "tesseract-process";

    /// <inheritdoc />
    public async Task<IReadOnlyList<OcrPage>> RecognizeAsync(OcrImage image, OcrOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= new OcrOptions();
        var frames = ImageFrames.Read(image.Bytes.Span, image.Name, options.MaxPages);
        frames.CheckLimits(image.Name, options);
        List<string> arguments = ["stdin", "stdout", "-l", options.Languages, "--psm", "3"];
        if (image.Dpi is { } dpi)
        {
            arguments.AddRange(["--dpi", dpi.ToString(CultureInfo.InvariantCulture)]);
        }

        if (TesseractInstallation.LanguageDataFolder is { } data)
        {
            arguments.AddRange(["--tessdata-dir", data]);
        }

        arguments.Add("tsv");
        var limit = options.PageTimeout * frames.Frames.Count;
        ToolProcess.Result result;
        try
        {
            result = await ToolProcess.RunAsync(_program, arguments, image.Bytes, limit, MaxOutputBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolProcess.TimedOutException)
        {
            throw new OcrFailedException(image.Name, $"OCR stopped after {limit.TotalSeconds:0.#} s, the time limit for {Pages(frames.Frames.Count)}");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidDataException or IOException)
        {
            throw new OcrFailedException(image.Name, $"tesseract could not be run: {ex.Message}", ex);
        }

        var pages = result.ExitCode == 0 ? TesseractTsv.Parse(Encoding.UTF8.GetString(result.Output)) : [];
        if (pages.Count == 0)
        {
            throw new OcrFailedException(image.Name, $"the {frames.Format.ToUpperInvariant()} could not be decoded (truncated or damaged?){Detail(result.Errors)}");
        }

        return pages;
    }

    private static string Pages(int count) => count == 1 ? "one page" : $"{count} pages";

    private static string Detail(string errors)
    {
        var first = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(line => !line.StartsWith("Estimating resolution", StringComparison.Ordinal) && !line.StartsWith("Warning", StringComparison.Ordinal));
        return first is null ? "" : $": {first}";
    }
}
