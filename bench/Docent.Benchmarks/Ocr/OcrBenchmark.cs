using System.Diagnostics;
using System.Globalization;
using Docent.Benchmarks.Lexical;
using Docent.Documents.Ocr;

namespace Docent.Benchmarks.Ocr;

/// <summary>
/// `docent bench ocr`: renders pages of a real PDF with <c>pdftoppm</c>, recognises them with both Tesseract engines
/// (the program, and the library in this process), interleaved round by round, and reports pages a minute and the
/// character error rate against the PDF's own text layer (<c>pdftotext</c>). One warm-up page per engine is not timed.
/// </summary>
public static class OcrBenchmark
{
    /// <summary>Runs the benchmark; progress lines go to <paramref name="progress"/>.</summary>
    public static async Task<OcrBenchmarkResult> RunAsync(OcrBenchmarkOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var ocr = new OcrOptions { Languages = options.Languages };
        IOcrEngine[] engines =
        [
            TesseractInstallation.WhyProgramUnavailable(options.Languages) is { } noProgram ? throw new InvalidOperationException("OCR is off: " + noProgram) : new TesseractProcessEngine(),
            TesseractInstallation.WhyNativeUnavailable(options.Languages) is { } noLibrary ? throw new InvalidOperationException("OCR is off: " + noLibrary) : TesseractNativeEngine.Shared,
        ];

        var pages = new List<(byte[] Image, string Reference)>();
        for (var page = options.FirstPage; page < options.FirstPage + options.Pages; page++)
        {
            var number = page.ToString(CultureInfo.InvariantCulture);
            var image = await RunToolAsync("pdftoppm", ["-r", options.Dpi.ToString(CultureInfo.InvariantCulture), "-f", number, "-l", number, "-gray", "-png", options.Pdf], cancellationToken).ConfigureAwait(false);
            var text = await RunToolAsync("pdftotext", ["-f", number, "-l", number, options.Pdf, "-"], cancellationToken).ConfigureAwait(false);
            pages.Add((image, CharacterErrorRate.Normalize(System.Text.Encoding.UTF8.GetString(text))));
            progress?.Report($"rendered page {page} at {options.Dpi} dpi ({image.Length / 1024} KiB)");
        }

        foreach (var engine in engines)
        {
            await engine.RecognizeAsync(new OcrImage(pages[0].Image, "warm-up", options.Dpi), ocr, cancellationToken).ConfigureAwait(false);
        }

        var timings = engines.ToDictionary(e => e.Name, _ => new List<double>());
        var recognized = engines.ToDictionary(e => e.Name, _ => new List<OcrPage>());
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var engine in engines)
            {
                var clock = Stopwatch.StartNew();
                var results = new List<OcrPage>();
                for (var i = 0; i < pages.Count; i++)
                {
                    var page = await engine.RecognizeAsync(new OcrImage(pages[i].Image, $"page {options.FirstPage + i}", options.Dpi), ocr, cancellationToken).ConfigureAwait(false);
                    results.Add(page[0]);
                }

                var perMinute = pages.Count / clock.Elapsed.TotalMinutes;
                timings[engine.Name].Add(perMinute);
                recognized[engine.Name] = results;
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"round {round}: {engine.Name} {perMinute:F1} pages/min"));
            }
        }

        var referenceCharacters = pages.Sum(p => p.Reference.Length);
        var figures = engines.Select(engine =>
        {
            var results = recognized[engine.Name];
            var edits = pages.Select((p, i) => CharacterErrorRate.Edits(p.Reference, CharacterErrorRate.Normalize(results[i].Text))).ToArray();
            var worst = pages.Select((p, i) => p.Reference.Length == 0 ? 0 : edits[i] / (double)p.Reference.Length).Max();
            return new OcrEngineResult(
                engine.Name, LexicalSpread.Of(timings[engine.Name]), edits.Sum() / (double)Math.Max(1, referenceCharacters), worst, results.Average(r => r.MeanConfidence));
        }).ToList();
        return new OcrBenchmarkResult(Path.GetFullPath(options.Pdf), options.FirstPage, pages.Count, options.Dpi, options.Rounds, options.Languages, referenceCharacters, Environment.ProcessorCount, figures);
    }

    private static async Task<byte[]> RunToolAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start (apt-get install poppler-utils)");
        var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode == 0
            ? output.ToArray()
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {(await errors.ConfigureAwait(false)).Trim()}");
    }
}
