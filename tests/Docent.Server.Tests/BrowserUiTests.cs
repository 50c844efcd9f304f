using Docent.Hosting;
using Docent.Tests.TestSupport;
using Microsoft.Playwright;

namespace Docent.Server.Tests;

/// <summary>
/// End to end through a real browser: Debian's Chromium (never a downloaded one) against the server on a loopback
/// port. Uploads a handbook file through the page, asks, opens the citation and checks the highlighted sentence.
/// </summary>
public sealed class BrowserUiTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task UploadAskAndOpenCitation_ShowsThePassageWithTheQuotedSentenceHighlighted()
    {
        Assert.True(File.Exists(ChromiumPath), $"The browser test needs Chromium at {ChromiumPath} (apt-get install chromium; .ci/run installs it when it can).");
        using var data = new TempDirectory();
        var app = DocentServer.Build(
            new ServerOptions { DataDirectory = data.Path, Urls = "http://127.0.0.1:0" },
            directory => new DocentOptions { DataDirectory = directory });
        await app.StartAsync();
        try
        {
            var address = app.Urls.First();
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
            });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
            page.SetDefaultTimeout(60_000);
            await page.GotoAsync(address);

            await Assertions.Expect(page.Locator("#documents-empty")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#key-form")).ToBeHiddenAsync();
            await page.Locator("#file-input").SetInputFilesAsync(Path.Combine(RepositoryPaths.Samples, "handbook", "leave-policy.docx"));
            await Assertions.Expect(page.Locator("#documents li")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#upload-results")).ToContainTextAsync("leave-policy.docx: added");

            await page.Locator("#question").FillAsync("How many days of annual leave do full-time employees receive?");
            await page.Locator("#question").PressAsync("Enter");
            var marker = page.Locator(".message.assistant .body button.citation").First;
            await Assertions.Expect(marker).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".message.assistant .body")).ToContainTextAsync("27 days");
            await marker.ClickAsync();

            var panel = page.Locator("#source-panel");
            await Assertions.Expect(panel).ToBeVisibleAsync();
            await Assertions.Expect(panel.Locator("mark")).ToContainTextAsync("27 days");
            await Assertions.Expect(page.Locator("#source-title")).ToContainTextAsync("Leave Policy");
            Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#source-text").TextContentAsync()));

            var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(artifacts);
            var screenshot = Path.Combine(artifacts, "ui-citation.png");
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            Assert.True(new FileInfo(screenshot).Length > 0);

            // At phone width the panel is a full-width sheet.
            await page.SetViewportSizeAsync(390, 844);
            var sheet = await panel.BoundingBoxAsync();
            Assert.NotNull(sheet);
            Assert.Equal(390, sheet.Width, 1.0);
            await page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "ui-citation-phone.png") });

            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(panel).ToBeHiddenAsync();
            await Assertions.Expect(marker).ToBeFocusedAsync();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
