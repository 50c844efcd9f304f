using System.CommandLine;
using System.Globalization;
using Docent.Benchmarks.Lexical;
using Docent.Benchmarks.Ocr;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>`docent bench ocr`: pages of a real PDF rendered at 300 dpi and recognised by both Tesseract engines, scored against the PDF's own text.</summary>
internal static class BenchOcrCommand
{
    public static Command Create(GlobalOptions global)
    {
        var defaults = new OcrBenchmarkOptions();
        var pdf = new Option<string>("--pdf") { Description = "A PDF with a text layer; its own text (pdftotext) is the reference.", DefaultValueFactory = _ => defaults.Pdf, HelpName = "FILE" };
        var first = new Option<int>("--first") { Description = "First page.", DefaultValueFactory = _ => defaults.FirstPage, HelpName = "N" };
        var pages = new Option<int>("--pages") { Description = "Pages rendered and recognised.", DefaultValueFactory = _ => defaults.Pages, HelpName = "N" };
        var dpi = new Option<int>("--dpi") { Description = "Render resolution (pdftoppm -r).", DefaultValueFactory = _ => defaults.Dpi, HelpName = "N" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds; engines interleaved in each.", DefaultValueFactory = _ => defaults.Rounds, HelpName = "N" };
        var languages = new Option<string>("--languages") { Description = "Tesseract languages, e.g. eng or eng+deu.", DefaultValueFactory = _ => defaults.Languages, HelpName = "LANGS" };
        var command = new Command("ocr", """
            Measure OCR on this machine: render pages of a real PDF with pdftoppm, recognise them with Tesseract run as a process and through its library in this process (one warm-up page each, then rounds with the engines interleaved), and report pages a minute (median over rounds, lowest–highest) and the character error rate against the PDF's own text layer (pdftotext; whitespace runs as one space, Levenshtein over characters). Needs tesseract-ocr, tesseract-ocr-eng and poppler-utils.

            Examples:
              docent bench ocr
              docent bench ocr --pdf manual.pdf --first 3 --pages 10 --rounds 3 --json
            """)
        {
            pdf, first, pages, dpi, rounds, languages,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var options = new OcrBenchmarkOptions
                {
                    Pdf = parse.GetValue(pdf)!,
                    FirstPage = parse.GetValue(first),
                    Pages = parse.GetValue(pages),
                    Dpi = parse.GetValue(dpi),
                    Rounds = parse.GetValue(rounds),
                    Languages = parse.GetValue(languages)!,
                };
                var progress = new Output.SynchronousProgress<string>(line => Console.Error.WriteLine(line));
                OcrBenchmarkResult result;
                try
                {
                    result = await OcrBenchmark.RunAsync(options, progress, cancellationToken);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    return CommandRunner.Fail(json, ex.Message);
                }

                if (json)
                {
                    CommandRunner.WriteJson(result, OcrBenchmarkJson.Default.OcrBenchmarkResult);
                }
                else
                {
                    WriteHuman(result);
                }

                return ExitCodes.Success;
            });
        });

        return command;
    }

    private static void WriteHuman(OcrBenchmarkResult result)
    {
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{result.Pdf} pages {result.FirstPage}–{result.FirstPage + result.Pages - 1} at {result.Dpi} dpi, {result.ReferenceCharacters:N0} reference characters, {result.Rounds} round(s), {result.ProcessorCount} processors")));
        var table = new Table().AddColumns("engine", "pages/min", "CER", "worst page CER", "mean confidence");
        foreach (var engine in result.Engines)
        {
            table.AddRow(
                Markup.Escape(engine.Engine), Spread(engine.PagesPerMinute),
                engine.CharacterErrorRate.ToString("P2", CultureInfo.InvariantCulture), engine.WorstPageCharacterErrorRate.ToString("P2", CultureInfo.InvariantCulture),
                engine.MeanConfidence.ToString("F1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    private static string Spread(LexicalSpread spread) => Markup.Escape(string.Create(CultureInfo.InvariantCulture,
        $"{spread.Median:F1} ({spread.Lowest:F1}–{spread.Highest:F1})"));
}
