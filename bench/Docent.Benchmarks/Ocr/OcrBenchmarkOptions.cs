namespace Docent.Benchmarks.Ocr;

/// <summary>What `docent bench ocr` measures: which PDF's pages, at what resolution, in which languages, how many rounds. Plain options.</summary>
public sealed class OcrBenchmarkOptions
{
    /// <summary>A real PDF with a text layer (its own text is the reference).</summary>
    public string Pdf { get; set; } = "/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf";

    /// <summary>The first page rendered.</summary>
    public int FirstPage { get; set; } = 1;

    /// <summary>Pages rendered and recognised, from <see cref="FirstPage"/>.</summary>
    public int Pages { get; set; } = 6;

    /// <summary>Resolution the pages are rendered at.</summary>
    public int Dpi { get; set; } = 300;

    /// <summary>Rounds; each runs every engine over every page, engines interleaved (A B, A B…).</summary>
    public int Rounds { get; set; } = 3;

    /// <summary>Tesseract languages.</summary>
    public string Languages { get; set; } = "eng";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (!File.Exists(Pdf))
        {
            throw new ArgumentException($"{Pdf}: no such PDF.");
        }

        if (FirstPage < 1 || Pages < 1 || Rounds < 1 || Dpi is < 72 or > 600)
        {
            throw new ArgumentException("--first, --pages and --rounds must be at least 1, and --dpi between 72 and 600.");
        }
    }
}
