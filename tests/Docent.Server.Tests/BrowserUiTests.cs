using Docent.Hosting;
using Docent.Tests.TestSupport;
using Microsoft.Playwright;

namespace Docent.Server.Tests;

/// <summary>
/// End to end through a real browser: Debian's Chromium (never a downloaded one) against the server on a loopback
/// port. One test uploads a handbook file through the page, asks, opens the citation and checks the highlighted
/// sentence; the other puts the page's side of the protocol (API key prompt, streamed deltas, unsupported sentences,
/// the conversation id of follow-ups) to canned responses. Each test owns its server and browser.
/// </summary>
public sealed class BrowserUiTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public Task UploadAskAndOpenCitation_ShowsThePassageWithTheQuotedSentenceHighlighted() => WithPageAsync(async page =>
    {
        await Assertions.Expect(page.Locator("#documents-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#key-form")).ToBeHiddenAsync();
        await page.Locator("#file-input").SetInputFilesAsync(Path.Combine(RepositoryPaths.Samples, "handbook", "leave-policy.docx"));
        await Assertions.Expect(page.Locator("#documents li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#upload-results")).ToContainTextAsync("leave-policy.docx: added");
        // The document panel's parse-quality report opens on demand and shows the figures the server kept.
        await page.Locator("#documents li details.doc-quality summary").ClickAsync();
        await Assertions.Expect(page.Locator("#documents li details.doc-quality")).ToContainTextAsync("heading");
        await Assertions.Expect(page.Locator("#documents li .doc-concern")).ToHaveCountAsync(0);

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

        // Delete asks first; accepted, the collection is empty again.
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await page.Locator("#documents li button.delete").ClickAsync();
        await Assertions.Expect(page.Locator("#documents-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#documents li")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task AFollowUpQuestion_IsUnderstoodInItsConversation_AgainstTheRealServer() => WithPageAsync(async page =>
    {
        // No canned answers: the server must start the conversation on the first question and the page must keep its id.
        await page.Locator("#file-input").SetInputFilesAsync(Path.Combine(RepositoryPaths.Samples, "handbook", "leave-policy.docx"));
        await Assertions.Expect(page.Locator("#documents li")).ToHaveCountAsync(1);
        await page.Locator("#question").FillAsync("How many days of annual leave do full-time employees receive?");
        await page.Locator("#question").PressAsync("Enter");
        await Assertions.Expect(page.Locator(".message.assistant").Last.Locator(".body")).ToContainTextAsync("27 days");

        await page.Locator("#question").FillAsync("Can they be carried over?");
        await page.Locator("#question").PressAsync("Enter");
        var followUp = page.Locator(".message.assistant").Nth(1);
        // "they" is resolved from the first question: only a continued conversation knows it.
        await Assertions.Expect(followUp.Locator(".standalone")).ToContainTextAsync("full-time employees");
        Assert.Equal(2, await page.Locator(".message.assistant").CountAsync());
    });

    [Fact]
    public Task KeyPromptStreamedDeltasUnsupportedSentencesAndFollowUps_AreHandled() => WithPageAsync(async page =>
    {
        // The API is made to demand a key, and /ask answers a canned stream: the page's side of the protocol is tested.
        await page.RouteAsync(url => url.EndsWith("/api/collections", StringComparison.Ordinal), async route =>
        {
            if (route.Request.Headers.TryGetValue("authorization", out var key) && key == "Bearer secret-key")
            {
                await route.ContinueAsync();
            }
            else
            {
                await route.FulfillAsync(new() { Status = 401, ContentType = "application/problem+json", Body = """{"title":"Unauthorized","status":401,"detail":"An API key is required."}""" });
            }
        });
        var asked = new List<string>();
        await page.RouteAsync(url => url.EndsWith("/ask", StringComparison.Ordinal), async route =>
        {
            asked.Add(route.Request.PostData ?? "");
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/event-stream", Body = CannedStream });
        });
        await page.ReloadAsync();

        await Assertions.Expect(page.Locator("#key-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#api-key")).ToBeFocusedAsync();
        await page.Locator("#api-key").FillAsync("secret-key");
        await page.Locator("#api-key").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#key-form")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#collection option")).ToHaveCountAsync(1);
        Assert.Equal("secret-key", await page.EvaluateAsync<string>("localStorage.getItem('docent.apiKey')"));

        await page.Locator("#question").FillAsync("How much leave do I get?");
        await page.Locator("#question").PressAsync("Enter");
        var answer = page.Locator(".message.assistant").Last;
        await Assertions.Expect(answer.Locator(".unsupported")).ToContainTextAsync("They also get a company car.");
        await Assertions.Expect(answer.Locator(".unsupported-note")).ToContainTextAsync("1 sentence not supported");
        await Assertions.Expect(answer.Locator(".standalone")).ToContainTextAsync("How many days of annual leave");
        await Assertions.Expect(answer.Locator(".body")).ToContainTextAsync("Full-time staff get 27 days");
        await answer.Locator("button.citation").ClickAsync();
        await Assertions.Expect(page.Locator("#source-panel mark")).ToHaveTextAsync("Full-time staff get 27 days.");
        await Assertions.Expect(page.Locator("#source-headings")).ToHaveTextAsync("Leave › Annual leave");
        await Assertions.Expect(page.Locator("#source-meta")).ToHaveTextAsync("Page 2");
        await page.Locator("#source-close").ClickAsync();

        await page.Locator("#question").FillAsync("And part-time staff?");
        await page.Locator("#send").ClickAsync();
        await Assertions.Expect(page.Locator(".message.assistant")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".message.assistant").Last.Locator(".body")).ToContainTextAsync("27 days");
        Assert.Equal(2, asked.Count);
        Assert.DoesNotContain("conv-1", asked[0], StringComparison.Ordinal);
        Assert.Contains("\"newConversation\":true", asked[0], StringComparison.Ordinal);
        Assert.Contains("\"conversationId\":\"conv-1\"", asked[1], StringComparison.Ordinal);
    });

    /// <summary>What /ask streams in the second test: the condensed question, two deltas, the answer with one unsupported sentence.</summary>
    private const string CannedStream =
        "event: question\ndata: {\"standaloneQuestion\":\"How many days of annual leave do full-time staff get?\"}\n\n" +
        "event: delta\ndata: {\"text\":\"Full-time staff \"}\n\n" +
        "event: delta\ndata: {\"text\":\"get 27 days [1]. They also get a company car.\"}\n\n" +
        "event: answer\ndata: {\"question\":\"How much leave do I get?\",\"answer\":\"Full-time staff get 27 days [1]. They also get a company car.\"," +
        "\"found\":true,\"citations\":[{\"index\":1,\"chunkId\":\"c1\",\"documentId\":\"d1\",\"source\":\"/data/handbook.pdf\",\"title\":\"Handbook\"," +
        "\"page\":2,\"headingPath\":[\"Leave\",\"Annual leave\"],\"quote\":\"Full-time staff get 27 days.\",\"quoteStart\":14,\"quoteLength\":28," +
        "\"text\":\"Annual leave. Full-time staff get 27 days. Part-time staff pro rata.\"}],\"closestPassages\":[]," +
        "\"unsupported\":[{\"sentence\":\"They also get a company car.\",\"reason\":\"no passage mentions it\",\"dropped\":false}]," +
        "\"model\":\"fake\",\"standaloneQuestion\":\"How many days of annual leave do full-time staff get?\",\"conversationId\":\"conv-1\",\"turn\":1," +
        "\"retrieveMs\":1,\"answerMs\":1}\n\n";

    /// <summary>Starts a server over a fresh data folder on a loopback port and Debian's Chromium, opens the page, runs <paramref name="test"/>.</summary>
    private static async Task WithPageAsync(Func<IPage, Task> test)
    {
        Assert.True(File.Exists(ChromiumPath), $"The browser test needs Chromium at {ChromiumPath} (apt-get install chromium; .ci/run installs it when it can).");
        using var data = new TempDirectory();
        var app = DocentServer.Build(
            new ServerOptions { DataDirectory = data.Path, Urls = "http://127.0.0.1:0" },
            directory => new DocentOptions { DataDirectory = directory });
        await app.StartAsync();
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
            });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
            page.SetDefaultTimeout(60_000);
            await page.GotoAsync(app.Urls.First());
            await test(page);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
