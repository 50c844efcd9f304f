using Docent.Benchmarks.Ocr;
using Docent.Documents.Ocr;
using Docent.Hosting;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Documents.Ocr;

/// <summary>The ocr.* settings bind from every layer and refuse values out of range naming the key; the benchmark's CER is the textbook one.</summary>
public sealed class OcrSettingsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private LoadedSettings Load(Dictionary<string, string?> flags, Dictionary<string, string>? environment = null) =>
        DocentSettingsLoader.Load(_temp.Path, flags, environment ?? [], Path.Combine(_temp.Path, "no-secrets.json"));

    [Fact]
    public void OcrSettingsBindFromTheCommandLineAndTheEnvironment()
    {
        var settings = Load(new() { ["ocr:languages"] = "eng+deu", ["ocr:engine"] = "process", ["ocr:dpi"] = "200" }, new() { ["DOCENT_OCR__ENABLED"] = "false" }).Settings.Ocr;

        Assert.Equal(("eng+deu", OcrEngineKind.Process, 200, false), (settings.Languages, settings.Engine, settings.Dpi, settings.Enabled));
        Assert.Equal(("eng", OcrEngineKind.Auto, 300, true), (new OcrSettings().Languages, new OcrSettings().Engine, new OcrSettings().Dpi, new OcrSettings().Enabled));
    }

    [Fact]
    public void OutOfRangeOcrSettingsNameTheKey()
    {
        Assert.Equal("ocr.dpi is 1000; it must be between 72 and 600.", Assert.Throws<ArgumentException>(() => Load(new() { ["ocr:dpi"] = "1000" })).Message);
        Assert.StartsWith("ocr.languages is \"eng;rm -rf\"", Assert.Throws<ArgumentException>(() => Load(new() { ["ocr:languages"] = "eng;rm -rf" })).Message, StringComparison.Ordinal);
        Assert.StartsWith("ocr.engine is \"gpu\" (on the command line); it must be one of auto, process, native", Assert.Throws<ArgumentException>(() => Load(new() { ["ocr:engine"] = "gpu" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CharacterErrorRateCountsEditsAfterFoldingWhitespaceAndLigatures()
    {
        Assert.Equal(3, CharacterErrorRate.Edits("kitten", "sitting"));
        Assert.Equal(0, CharacterErrorRate.Edits("", ""));
        Assert.Equal("the file", CharacterErrorRate.Normalize("  the\n\n ﬁle "));
        Assert.Equal("the file - it's", CharacterErrorRate.Normalize(" the\tﬁle —\r\n it’s "));
    }
}
