using System.Net.Http.Json;
using Docent.Hosting;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Docent.Server.Tests;

/// <summary>
/// End to end through a real browser: Debian's Chromium (never a downloaded one) against the real server on a loopback
/// port (with a fake chat model where a test needs a model's answer): upload, ask and open a citation; follow-ups; the
/// key prompt, streamed deltas and unsupported sentences; reload keeping the chat; feedback; 201 documents; the phone
/// layout; Stop; safe Markdown. Each test owns its server and browser; two write the screenshots in docs/images.
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

        // A refusal, in a new chat, lists the passages that came closest; each opens in the source panel.
        await page.Locator("#new-conversation").ClickAsync();
        await page.Locator("#question").FillAsync("Does the policy cover leave for astronaut training?");
        await page.Locator("#question").PressAsync("Enter");
        var refusal = page.Locator(".message.assistant.not-found");
        await Assertions.Expect(refusal.Locator(".closest-heading")).ToHaveTextAsync("Closest passages:");
        await refusal.Locator(".closest li button").First.ClickAsync();
        await Assertions.Expect(page.Locator("#source-title")).ToContainTextAsync("Leave Policy");
    });

    [Fact]
    public Task KeyPromptStreamedDeltasUnsupportedSentencesAndFollowUps_AreHandled() => WithPageAsync(
        async (page, _) =>
        {
            // The real server demands a key (it has an admin key) and answers with a fake chat model: the page's side of the protocol.
            var asked = new List<string>();
            page.Request += (_, request) =>
            {
                if (request.Url.EndsWith("/ask", StringComparison.Ordinal))
                {
                    lock (asked)
                    {
                        asked.Add(request.PostData ?? "");
                    }
                }
            };
            await Assertions.Expect(page.Locator("#key-form")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#api-key")).ToBeFocusedAsync();
            await page.Locator("#api-key").FillAsync(AdminKey);
            await page.Locator("#api-key").PressAsync("Enter");
            await Assertions.Expect(page.Locator("#key-form")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("#collection option")).ToHaveCountAsync(1);
            Assert.Equal(AdminKey, await page.EvaluateAsync<string>("localStorage.getItem('docent.apiKey')"));
            await page.Locator("#file-input").SetInputFilesAsync(Path.Combine(RepositoryPaths.Samples, "handbook", "leave-policy.docx"));
            await Assertions.Expect(page.Locator("#documents li")).ToHaveCountAsync(1);

            await page.Locator("#question").FillAsync("How many days of annual leave do full-time employees receive?");
            await page.Locator("#question").PressAsync("Enter");
            var answer = page.Locator(".message.assistant").Last;
            await Assertions.Expect(answer.Locator(".body")).ToContainTextAsync("Full-time employees receive 27 days");
            await Assertions.Expect(answer.Locator(".unsupported")).ToContainTextAsync("They also get a company car.");
            await Assertions.Expect(answer.Locator(".unsupported-note")).ToContainTextAsync("1 sentence not supported");
            await answer.Locator("button.citation").ClickAsync();
            await Assertions.Expect(page.Locator("#source-panel mark")).ToContainTextAsync("27 days");
            await page.Locator("#source-close").ClickAsync();

            await page.Locator("#question").FillAsync("And part-time staff?");
            await page.Locator("#send").ClickAsync();
            await Assertions.Expect(page.Locator(".message.assistant")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator(".message.assistant").Last.Locator(".standalone")).ToContainTextAsync(CondensedFollowUp);
            await Assertions.Expect(page.Locator(".message.assistant").Last.Locator(".actions")).ToBeVisibleAsync();
            var conversation = await page.EvaluateAsync<string>("location.hash.split('/')[1]");
            lock (asked)
            {
                Assert.Equal(2, asked.Count);
                Assert.Contains("\"newConversation\":true", asked[0], StringComparison.Ordinal);
                Assert.DoesNotContain("conversationId", asked[0], StringComparison.Ordinal);
                Assert.Contains($"\"conversationId\":\"{conversation}\"", asked[1], StringComparison.Ordinal);
            }
        },
        server: o => o.AdminKey = AdminKey,
        models: new ModelServices
        {
            // Condensing a follow-up asks the model to rewrite the question; every other call is answered.
            ChatClient = new FakeChatClient((messages, _) => messages.Any(m => m.Text.Contains("Rewrite the user's last question", StringComparison.Ordinal))
                ? CondensedFollowUp
                : "Full-time employees receive 27 days of paid annual leave each year [1]. They also get a company car."),
        });

    private const string AdminKey = "browser-admin-key-0123456789";

    private const string CondensedFollowUp = "How many days of annual leave do part-time employees receive?";

    [Fact]
    public Task AReload_ReopensTheChatWithItsCitations_AndThumbsUpIsStored() => WithPageAsync(async (page, server) =>
    {
        await page.Locator("#file-input").SetInputFilesAsync(Path.Combine(RepositoryPaths.Samples, "handbook", "leave-policy.docx"));
        await Assertions.Expect(page.Locator("#documents li")).ToHaveCountAsync(1);
        const string question = "How many days of annual leave do full-time employees receive?";
        await page.Locator("#question").FillAsync(question);
        await page.Locator("#question").PressAsync("Enter");
        await Assertions.Expect(page.Locator(".message.assistant .body button.citation").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#conversations li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#conversations button[aria-current=true]")).ToContainTextAsync(question);
        Assert.Contains("#chat=default/", page.Url, StringComparison.Ordinal);
        await ScreenshotAsync(page, "ui-desktop.png");

        // Thumbs up: the verdict reaches the collection's feedback file with the server's record of the turn.
        await page.Locator(".message.assistant .thumb-up").ClickAsync();
        await Assertions.Expect(page.Locator(".message.assistant .thumb-up")).ToHaveAttributeAsync("aria-pressed", "true");
        var verdict = Assert.Single(Docent.Feedback.FeedbackLog.Read(server.DataPath));
        Assert.True(verdict.Up);
        Assert.Equal(question, verdict.Question);
        Assert.Contains("27 days", verdict.Answer, StringComparison.Ordinal);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".message.user .body")).ToHaveTextAsync([question]);
        await Assertions.Expect(page.Locator(".message.assistant .body")).ToContainTextAsync("27 days");
        await page.Locator(".message.assistant .body button.citation").First.ClickAsync();
        await Assertions.Expect(page.Locator("#source-panel mark")).ToContainTextAsync("27 days");
        await page.Keyboard.PressAsync("Escape");

        // A new chat empties the page; the list brings the old one back, and it continues there.
        await page.Locator("#new-conversation").ClickAsync();
        await Assertions.Expect(page.Locator(".message")).ToHaveCountAsync(0);
        Assert.DoesNotContain("#chat=", page.Url, StringComparison.Ordinal);
        await page.Locator("#conversations li button").ClickAsync();
        await Assertions.Expect(page.Locator(".message.assistant")).ToHaveCountAsync(1);
        await page.Locator("#question").FillAsync("Can they be carried over?");
        await page.Locator("#question").PressAsync("Enter");
        await Assertions.Expect(page.Locator(".message.assistant").Nth(1).Locator(".standalone")).ToContainTextAsync("full-time employees");
        await Assertions.Expect(page.Locator("#conversations li")).ToHaveCountAsync(1);
    });

    [Fact]
    public Task TwoHundredDocuments_StayInAScrollingFilterablePanel_AndAPhoneSeesTheQuestionBoxFirst() => WithPageAsync(
        async (page, _) =>
        {
            await Assertions.Expect(page.Locator("#documents li")).ToHaveCountAsync(201);
            // The page is one screen high: the list scrolls inside its panel.
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollHeight") <= 800);
            var list = await page.Locator("#documents").BoundingBoxAsync();
            Assert.True(list!.Y + list.Height <= 800, $"The document list ends at {list.Y + list.Height}px");
            Assert.True(await page.Locator("#documents").EvaluateAsync<bool>("e => e.scrollHeight > e.clientHeight"));

            // Two documents titled "Introduction" are told apart by their files; the filter finds one of 201.
            await page.Locator("#document-filter").FillAsync("Introduction");
            await Assertions.Expect(page.Locator("#documents li")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("#documents li .doc-file")).ToHaveCountAsync(2);
            Assert.Equal(["intro-a.md", "intro-b.md"], (await page.Locator("#documents li .doc-file").AllTextContentsAsync()).Order(StringComparer.Ordinal));
            await page.Locator("#document-filter").FillAsync("guide-137");
            await Assertions.Expect(page.Locator("#documents li")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#documents-count")).ToHaveTextAsync("1 of 201 documents");
            await page.Locator("#document-filter").FillAsync("");

            // A phone: the question box is on the first screen; chats and documents wait behind a button.
            await page.SetViewportSizeAsync(390, 844);
            var box = await page.Locator("#question").BoundingBoxAsync();
            Assert.True(box!.Y >= 0 && box.Y + box.Height <= 844, $"The question box is at {box.Y}px");
            await Assertions.Expect(page.Locator("#sidebar")).Not.ToBeInViewportAsync();
            await page.Locator("#sidebar-toggle").ClickAsync();
            await Assertions.Expect(page.Locator("#document-filter")).ToBeInViewportAsync();
            await page.Locator("#sidebar-close").ClickAsync();
            await Assertions.Expect(page.Locator("#sidebar")).Not.ToBeInViewportAsync();

            await page.Locator("#question").FillAsync("How many days of annual leave do full-time employees receive?");
            await page.Locator("#send").ClickAsync();
            await Assertions.Expect(page.Locator(".message.assistant .body button.citation").First).ToBeVisibleAsync();
            box = await page.Locator("#question").BoundingBoxAsync();
            Assert.True(box!.Y + box.Height <= 844, $"After an answer the question box is at {box.Y}px");
            await ScreenshotAsync(page, "ui-phone.png");
        },
        server: o => o.MaxUploadFiles = 250,
        before: async server =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromMinutes(5) };
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "handbook", "leave-policy.docx"))), "files", "leave-policy.docx" },
                { new StringContent("# Introduction\n\nThis guide covers the office kitchen."), "files", "intro-a.md" },
                { new StringContent("# Introduction\n\nThis guide covers the bicycle store."), "files", "intro-b.md" },
            };
            for (var i = 1; i <= 198; i++)
            {
                form.Add(new StringContent($"# Guide {i}\n\nNote {i} of the generated guides."), "files", $"guide-{i}.md");
            }

            (await http.PostAsync("/api/collections/default/documents", form)).EnsureSuccessStatusCode();
        });

    [Fact]
    public Task ACitationLinkFromTheOpenAIApi_OpensItsPassage() => WithPageAsync(
        async (page, server) =>
        {
            // An OpenAI client shows url_citation links; following one opens the cited passage in the page.
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            var completion = await (await http.PostAsJsonAsync("/v1/chat/completions", new
            {
                model = "default",
                messages = new[] { new { role = "user", content = "How many days of annual leave do full-time employees receive?" } },
            })).Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
            var link = completion!["choices"]![0]!["message"]!["annotations"]![0]!["url_citation"]!["url"]!.GetValue<string>();
            Assert.StartsWith(server.Url, link, StringComparison.Ordinal);

            await page.GotoAsync(link);
            await Assertions.Expect(page.Locator("#source-panel")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#source-title")).ToContainTextAsync("Leave Policy");
            await Assertions.Expect(page.Locator("#source-text")).ToContainTextAsync("27 days");

            // A passage the link names wrongly is an error in words, not an empty panel.
            await page.GotoAsync(server.Url + "/?collection=default&document=nope&chunk=nope");
            await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("no passage");
        },
        before: async server =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "handbook", "leave-policy.docx"))), "files", "leave-policy.docx" },
            };
            (await http.PostAsync("/api/collections/default/documents", form)).EnsureSuccessStatusCode();
        });

    [Fact]
    public async Task Stop_AbortsTheStreamingAnswer_AndTheServerCancelsIt()
    {
        var model = new HangingChatClient();
        await WithPageAsync(
            async (page, _) =>
            {
                await page.Locator("#file-input").SetInputFilesAsync(Path.Combine(RepositoryPaths.Samples, "handbook", "leave-policy.docx"));
                await Assertions.Expect(page.Locator("#documents li")).ToHaveCountAsync(1);
                await page.Locator("#question").FillAsync("How many days of annual leave do full-time employees receive?");
                await page.Locator("#question").PressAsync("Enter");
                await Assertions.Expect(page.Locator(".message.assistant .body")).ToContainTextAsync("Full-time staff get");
                await page.Locator("#stop").ClickAsync();

                await model.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
                await Assertions.Expect(page.Locator(".message.assistant .stopped-note")).ToHaveTextAsync("Stopped.");
                await Assertions.Expect(page.Locator("#send")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator("#stop")).ToBeHiddenAsync();
                await Assertions.Expect(page.Locator("#error")).ToBeHiddenAsync();
                await Assertions.Expect(page.Locator(".message.assistant .regenerate")).ToBeVisibleAsync();
                await Assertions.Expect(page.Locator(".message.assistant .body")).ToContainTextAsync("Full-time staff get");
            },
            models: new ModelServices { ChatClient = model });
    }

    [Fact]
    public Task MarkdownAnswers_AreRendered_AndHtmlFromDocumentsOrModelsIsShownAsText() => WithPageAsync(
        async (page, _) =>
        {
            await page.Locator("#file-input").SetInputFilesAsync(new FilePayload
            {
                Name = "hostile.txt",
                MimeType = "text/plain",
                Buffer = System.Text.Encoding.UTF8.GetBytes("Annual leave\n\nFull-time staff get 27 days of annual leave. <img src=x onerror=\"window.pwned=1\"> <script>window.pwned=2</script>\n"),
            });
            await Assertions.Expect(page.Locator("#documents li")).ToHaveCountAsync(1);
            await page.Locator("#question").FillAsync("How many days of annual leave do full-time staff get?");
            await page.Locator("#question").PressAsync("Enter");
            var body = page.Locator(".message.assistant .body");
            await Assertions.Expect(body.Locator("button.citation")).ToHaveCountAsync(1);

            await Assertions.Expect(body.Locator("strong")).ToHaveTextAsync("Full-time staff");
            await Assertions.Expect(body.Locator("ul > li")).ToHaveCountAsync(2);
            await Assertions.Expect(body.Locator("code")).ToHaveTextAsync("5 days");
            await Assertions.Expect(body.Locator("a")).ToHaveCountAsync(1);
            await Assertions.Expect(body.Locator("a")).ToHaveAttributeAsync("href", "https://example.com/hr");
            await Assertions.Expect(body).ToContainTextAsync("[this](javascript:window.pwned=3)");
            await Assertions.Expect(body).ToContainTextAsync("<img src=x onerror=\"window.pwned=4\"><script>window.pwned=5</script>");
            Assert.Equal(0, await page.Locator("#messages img, #messages script, #source-panel img, #source-panel script").CountAsync());

            await body.Locator("button.citation").ClickAsync();
            await Assertions.Expect(page.Locator("#source-text")).ToContainTextAsync("<script>window.pwned=2</script>");
            Assert.Equal(0, await page.Locator("#source-panel img, #source-panel script").CountAsync());
            Assert.Null(await page.EvaluateAsync<int?>("window.pwned ?? null"));
        },
        models: new ModelServices
        {
            ChatClient = new FakeChatClient(
                "**Full-time staff** get 27 days of annual leave [1].\n\n- Carry over: `5 days`\n- Ask [HR](https://example.com/hr) or [this](javascript:window.pwned=3)\n\n" +
                "<img src=x onerror=\"window.pwned=4\"><script>window.pwned=5</script>"),
        });

    /// <summary>A chat model that streams the start of an answer, then waits until the request is cancelled, which it reports.</summary>
    private sealed class HangingChatClient : Microsoft.Extensions.AI.IChatClient
    {
        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(
            IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await WaitForCancellationAsync(cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }

        public async IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new Microsoft.Extensions.AI.ChatResponseUpdate(Microsoft.Extensions.AI.ChatRole.Assistant, "Full-time staff get ");
            await WaitForCancellationAsync(cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }

        private async Task WaitForCancellationAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult();
                throw;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>Starts a server over a fresh data folder on a loopback port and Debian's Chromium, opens the page, runs <paramref name="test"/>.</summary>
    private static Task WithPageAsync(Func<IPage, Task> test) => WithPageAsync((page, _) => test(page));

    /// <summary>
    /// As above; <paramref name="server"/> adjusts the server's options, <paramref name="models"/> lends the collections model
    /// services (a chat model), <paramref name="before"/> runs against the started server before the page opens (to seed it).
    /// </summary>
    private static async Task WithPageAsync(
        Func<IPage, UiServer, Task> test, Action<ServerOptions>? server = null, ModelServices? models = null, Func<UiServer, Task>? before = null)
    {
        Assert.True(File.Exists(ChromiumPath), $"The browser test needs Chromium at {ChromiumPath} (apt-get install chromium; .ci/run installs it when it can).");
        using var data = new TempDirectory();
        var options = new ServerOptions { DataDirectory = data.Path, Urls = "http://127.0.0.1:0" };
        server?.Invoke(options);
        DocentOptions EngineOptions(string directory) => new() { DataDirectory = directory };
        var app = DocentServer.Build(
            options,
            EngineOptions,
            builder =>
            {
                if (models is not null)
                {
                    builder.Services.AddSingleton(new Collections.CollectionRegistry(options.DataDirectory, EngineOptions, _ => models));
                }
            });
        await app.StartAsync();
        try
        {
            var ui = new UiServer(app.Urls.First(), data.Path);
            if (before is not null)
            {
                await before(ui);
            }

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
            });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
            page.SetDefaultTimeout(60_000);
            await page.GotoAsync(ui.Url);
            await test(page, ui);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>Writes a screenshot to the test's artifacts folder, and to docs/images when DOCENT_UPDATE_SCREENSHOTS is set.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var path = Path.Combine(artifacts, name);
        await page.ScreenshotAsync(new() { Path = path });
        Assert.True(new FileInfo(path).Length > 0);
        if (Environment.GetEnvironmentVariable("DOCENT_UPDATE_SCREENSHOTS") is { Length: > 0 })
        {
            File.Copy(path, Path.Combine(RepositoryPaths.Root(), "docs", "images", name), overwrite: true);
        }
    }

    /// <summary>The server a browser test runs against: its address and data folder.</summary>
    private sealed record UiServer(string Url, string DataPath);
}
