using Docent.Documents.Ocr;

namespace Docent.Tests.Documents.Ocr;

/// <summary>
/// Both Tesseract engines on the committed scans: the words, their boxes and the paragraphs come out, the two agree,
/// and the limits (pixels, pages, time) and damaged files fail with a reason naming the image.
/// </summary>
public sealed class OcrEngineTests
{
    [OcrFact]
    public async Task EachEngineReadsTheScanIntoParagraphsWithWordBoxes()
    {
        foreach (var engine in OcrFixtures.Engines)
        {
            var page = Assert.Single(await engine.RecognizeAsync(new OcrImage(OcrFixtures.Bytes("scanned-memo.png"), "scanned-memo.png")));

            Assert.Equal((875, 1240), (page.Width, page.Height));
            Assert.Equal("Harbour Storage Memo", page.Paragraphs[0].Text);
            Assert.Contains(page.Paragraphs, p => p.Text.Contains("holds 4812 pallets of copper rivets", StringComparison.Ordinal));
            Assert.True(page.Paragraphs.Count >= 4, engine.Name);
            Assert.InRange(page.MeanConfidence, 85, 100);
            var pallets = Assert.Single(page.Words, w => w.Text == "4812");
            Assert.True(pallets.Box.Left > 0 && pallets.Box.Top > page.Paragraphs[0].Box.Top && pallets.Box.Width > 10, engine.Name);
            Assert.All(page.Paragraphs, p => Assert.All(p.Words, w => Assert.True(p.Box.Union(w.Box) == p.Box, $"{engine.Name}: {w.Text} outside its paragraph")));
        }
    }

    [OcrFact]
    public async Task TheProcessAndTheLibraryAgreeOnEveryScan()
    {
        foreach (var name in new[] { "scanned-memo.png", "ferry-receipt.jpg", "two-page-scan.tif" })
        {
            var image = new OcrImage(OcrFixtures.Bytes(name), name);
            var byProcess = await new TesseractProcessEngine().RecognizeAsync(image);
            var byLibrary = await TesseractNativeEngine.Shared.RecognizeAsync(image);

            Assert.Equal(byProcess.Count, byLibrary.Count);
            for (var i = 0; i < byProcess.Count; i++)
            {
                Assert.Equal(byProcess[i].Text, byLibrary[i].Text);
            }

            Assert.Equal(byProcess.SelectMany(p => p.Words.Select(w => w.Box)), byLibrary.SelectMany(p => p.Words.Select(w => w.Box)));
            Assert.Equal(byProcess.Select(p => Math.Round(p.MeanConfidence)), byLibrary.Select(p => Math.Round(p.MeanConfidence)));
        }
    }

    [OcrFact]
    public async Task ATiffsPagesArePages()
    {
        foreach (var engine in OcrFixtures.Engines)
        {
            var pages = await engine.RecognizeAsync(new OcrImage(OcrFixtures.Bytes("two-page-scan.tif"), "two-page-scan.tif"));

            Assert.Equal(2, pages.Count);
            Assert.Contains("Texel cost 37 euros", pages[0].Text, StringComparison.Ordinal);
            Assert.Contains("Pieter Smit holds the key", pages[1].Text, StringComparison.Ordinal);
        }
    }

    [OcrFact]
    public async Task HostileAndDamagedImagesFailNamingTheImageAndTheReason()
    {
        foreach (var engine in OcrFixtures.Engines)
        {
            var bomb = await Assert.ThrowsAsync<OcrFailedException>(() => engine.RecognizeAsync(new OcrImage(OcrFixtures.PngDeclaring(100_000, 100_000), "bomb.png")));
            Assert.Equal("bomb.png: the image declares 100000 × 100000 pixels (10000 million), over the limit of 60 million (a decompression bomb?)", bomb.Message);

            foreach (var name in new[] { "scanned-memo.png", "ferry-receipt.jpg" })
            {
                var cut = await Assert.ThrowsAsync<OcrFailedException>(() => engine.RecognizeAsync(new OcrImage(OcrFixtures.Truncated(name), "cut-" + name)));
                Assert.StartsWith($"cut-{name}: the ", cut.Message, StringComparison.Ordinal);
                Assert.Contains("could not be decoded (truncated or damaged?)", cut.Reason, StringComparison.Ordinal);
            }

            var tooManyPages = await Assert.ThrowsAsync<OcrFailedException>(() =>
                engine.RecognizeAsync(new OcrImage(OcrFixtures.Bytes("two-page-scan.tif"), "scan.tif"), new OcrOptions { MaxPages = 1 }));
            Assert.Equal("the TIFF has more than 1 pages, over the limit", tooManyPages.Reason);

            var notAnImage = await Assert.ThrowsAsync<OcrFailedException>(() => engine.RecognizeAsync(new OcrImage("GIF89a"u8.ToArray(), "x.gif")));
            Assert.Equal("not a PNG, JPEG or TIFF image", notAnImage.Reason);
        }
    }

    [OcrFact]
    public async Task APageOverItsTimeLimitIsStopped()
    {
        var options = new OcrOptions { PageTimeout = TimeSpan.FromMilliseconds(1) };
        foreach (var engine in OcrFixtures.Engines)
        {
            var error = await Assert.ThrowsAsync<OcrFailedException>(() => engine.RecognizeAsync(new OcrImage(OcrFixtures.Bytes("scanned-memo.png"), "slow.png"), options));
            Assert.Contains("time limit", error.Reason, StringComparison.Ordinal);
        }
    }

    [OcrFact]
    public async Task ACancelledRecognitionStops()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        foreach (var engine in OcrFixtures.Engines)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                engine.RecognizeAsync(new OcrImage(OcrFixtures.Bytes("scanned-memo.png"), "memo.png"), cancellationToken: cancelled.Token));
        }
    }

    [Fact]
    public void FrameSizesComeFromTheHeadersAlone()
    {
        Assert.Equal("png", Frames("scanned-memo.png").Item1);
        Assert.Equal([(875, 1240)], Frames("scanned-memo.png").Item2);
        Assert.Equal("jpeg", Frames("ferry-receipt.jpg").Item1);
        Assert.Equal(2, Frames("two-page-scan.tif").Item2.Length);
        Assert.Equal((70_000, 3), ImageFrames.Read(OcrFixtures.PngDeclaring(70_000, 3), "wide.png", 10).Frames[0]);

        // A TIFF whose first page directory points back at itself.
        byte[] loop = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 0, 0, 8, 0, 0, 0];
        Assert.Equal("damaged TIFF: its page directories form a loop", Assert.Throws<OcrFailedException>(() => ImageFrames.Read(loop, "loop.tif", 10)).Reason);
        Assert.Equal("damaged TIFF: the header is cut off", Assert.Throws<OcrFailedException>(() => ImageFrames.Read("II*\0"u8, "cut.tif", 10)).Reason);

        static (string, (int, int)[]) Frames(string name)
        {
            var frames = ImageFrames.Read(OcrFixtures.Bytes(name), name, 10);
            return (frames.Format, [.. frames.Frames]);
        }
    }

    [Fact]
    public void AMissingLanguagePackIsNamedWithItsPackage()
    {
        var off = OcrAvailability.For(new OcrSettings { Languages = "eng+xqz" });

        Assert.Null(off.Engine);
        Assert.StartsWith("OCR is off: ", off.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains(TesseractInstallation.ProgramPath is null ? "apt-get install tesseract-ocr" : "apt-get install tesseract-ocr-xqz", off.UnavailableReason, StringComparison.Ordinal);
        Assert.Equal("OCR is off: ocr.enabled is false", OcrAvailability.For(new OcrSettings { Enabled = false }).UnavailableReason);
    }
}
