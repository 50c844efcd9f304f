using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Docent.Server.Tests;

/// <summary>The first slice of the API: health, upload, list, search, ask, and the OpenAI-compatible chat endpoint.</summary>
public sealed class CoreApiTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Upload_ThenSearchAndAsk_AnswerFromTheUploadedDocument()
    {
        var upload = await _server.UploadHandbookAsync();
        var uploaded = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["results"]!.AsArray();
        var documents = await _server.Client.GetFromJsonAsync<JsonArray>("/api/collections/default/documents");
        var search = await _server.Client.GetFromJsonAsync<JsonObject>("/api/collections/default/search?q=annual+leave&top=3");
        var ask = await _server.Client.PostAsJsonAsync("/api/collections/default/ask", new { question = "How many days of annual leave do full-time employees receive?" });
        var answer = JsonNode.Parse(await ask.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(7, uploaded.Count);
        Assert.All(uploaded, r => Assert.Equal("added", r!["status"]!.GetValue<string>()));
        Assert.Equal(7, documents!.Count);
        Assert.NotEmpty(search!["results"]!.AsArray());
        Assert.True(answer["found"]!.GetValue<bool>());
        Assert.Contains("27 days", answer["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        var citation = answer["citations"]![0]!;
        var quoteStart = citation["quoteStart"]!.GetValue<int>();
        Assert.Equal(citation["quote"]!.GetValue<string>(), citation["text"]!.GetValue<string>().Substring(quoteStart, citation["quoteLength"]!.GetValue<int>()));

        // Text documents have no page regions: the field is there, and null.
        Assert.True(citation.AsObject().ContainsKey("region"));
        Assert.Null(citation["region"]);
        Assert.All(search["results"]!.AsArray(), r => Assert.Null(r!["region"]));
    }

    [Fact]
    public async Task OpenAIChatCompletion_AnswersFromTheCollection_WithFootnotesAndCitations()
    {
        await _server.UploadHandbookAsync();

        var response = await _server.Client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "default",
            messages = new[] { new { role = "user", content = "How many days of annual leave do full-time employees receive?" } },
        });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var content = json["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        Assert.Contains("27 days", content, StringComparison.Ordinal);
        Assert.Contains("[1]: Leave Policy", content, StringComparison.Ordinal);
        Assert.NotEmpty(json["citations"]!.AsArray());
    }

    [Fact]
    public async Task Health_AndPrometheusMetrics_AfterAQuestion()
    {
        await _server.UploadHandbookAsync("default", "leave-policy.docx");
        await _server.Client.PostAsJsonAsync("/api/collections/default/ask", new { question = "How many days of annual leave?" });

        var health = await _server.Client.GetFromJsonAsync<JsonObject>("/health");
        var metrics = await _server.Client.GetStringAsync("/metrics");

        Assert.Equal("ok", health!["status"]!.GetValue<string>());
        Assert.Contains("docent_stage_duration", metrics, StringComparison.Ordinal);
        Assert.Contains("docent_questions", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsServerSentEvents_EndsWithTheAnswer_AndKeepsTheConversation()
    {
        await _server.UploadHandbookAsync("default", "leave-policy.docx");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/collections/default/ask")
        {
            Content = JsonContent.Create(new { question = "How many days of annual leave do full-time employees receive?", conversationId = "sse-1" }),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");

        var response = await _server.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var conversation = await _server.Client.GetFromJsonAsync<JsonObject>("/api/collections/default/conversations/sse-1");

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event: question", events[0], StringComparison.Ordinal);
        Assert.StartsWith("event: answer", events[^1], StringComparison.Ordinal);
        var answer = JsonNode.Parse(events[^1].Split("data: ", 2)[1])!;
        Assert.Contains("27 days", answer["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, answer["turn"]!.GetValue<int>());
        Assert.Single(conversation!["turns"]!.AsArray());
    }

    [Fact]
    public async Task UnknownCollection_IsProblemJsonNamingIt()
    {
        var response = await _server.Client.GetAsync("/api/collections/nope/search?q=x");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"nope\"", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadOverTheFileLimit_IsRefusedWithTheLimit_AndTheOtherFileIsStored()
    {
        await using var small = await ServerFixture.StartAsync(server: o => o.MaxUploadBytes = 1000);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(new string('x', 2000))), "files", "big.txt" },
            { new ByteArrayContent("# Note\n\nThe canteen opens at 08:00."u8.ToArray()), "files", "note.md" },
        };

        var response = await small.Client.PostAsync("/api/collections/default/documents", form);
        var results = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["results"]!.AsArray();

        Assert.Equal("failed", results[0]!["status"]!.GetValue<string>());
        Assert.Contains("1,000-byte limit", results[0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("added", results[1]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task CorruptUpload_FailsByName_AndLeavesNoFileBehind()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.7\nnot a pdf body"u8.ToArray()), "files", "broken.pdf" } };

        var response = await _server.Client.PostAsync("/api/collections/default/documents", form);
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["results"]![0]!;

        Assert.Equal("failed", result["status"]!.GetValue<string>());
        Assert.Equal("broken.pdf", result["name"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(result["error"]!.GetValue<string>()));
        var uploads = Path.Combine(_server.Data.Path, "uploads");
        Assert.True(!Directory.Exists(uploads) || Directory.GetFiles(uploads).Length == 0);
    }

    [Fact]
    public async Task UploadOfAForbiddenType_IsRefusedByName_AndNothingIsStored()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent([0x4d, 0x5a, 0, 0]), "files", "tool.exe" } };

        var response = await _server.Client.PostAsync("/api/collections/default/documents", form);
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["results"]![0]!;

        Assert.Equal("failed", result["status"]!.GetValue<string>());
        Assert.Contains(".exe", result["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await _server.Client.GetFromJsonAsync<JsonArray>("/api/collections/default/documents"))!);
    }

    [Fact]
    public async Task AnUploadedArchiveListsItsFiles_WhichAreAnsweredFrom_ReportTheirReading_AndGoWithIt()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("minutes/board.md").Open());
            entry.Write("# Board minutes\n\n## Budget\n\nThe board approved a budget of 4.2 million euros for the new library wing.\n");
        }

        using var form = new MultipartFormDataContent { { new ByteArrayContent(zip.ToArray()), "files", "bundle.zip" } };
        var response = await _server.Client.PostAsync("/api/collections/default/documents", form);
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["results"]![0]!;

        Assert.Equal("added", result["status"]!.GetValue<string>());
        var inner = Assert.Single(result["contained"]!.AsArray())!;
        Assert.Equal(("bundle.zip/minutes/board.md", "added"), (inner["name"]!.GetValue<string>(), inner["status"]!.GetValue<string>()));

        var documents = (await _server.Client.GetFromJsonAsync<JsonArray>("/api/collections/default/documents"))!.ToDictionary(d => d!["source"]!.GetValue<string>());
        var board = documents["bundle.zip/minutes/board.md"]!;
        Assert.Equal(documents["bundle.zip"]!["id"]!.GetValue<string>(), board["container"]!.GetValue<string>());
        Assert.Equal(2, board["quality"]!["headings"]!.GetValue<int>());
        Assert.Empty(board["concerns"]!.AsArray());
        Assert.Empty(documents["bundle.zip"]!["concerns"]!.AsArray());

        var ask = await _server.Client.PostAsJsonAsync("/api/collections/default/ask", new { question = "What budget did the board approve for the library wing?" });
        var answer = JsonNode.Parse(await ask.Content.ReadAsStringAsync())!;
        Assert.True(answer["found"]!.GetValue<bool>());
        Assert.Equal("bundle.zip/minutes/board.md", answer["citations"]![0]!["source"]!.GetValue<string>());

        var delete = await _server.Client.DeleteAsync($"/api/collections/default/documents/{documents["bundle.zip"]!["id"]!.GetValue<string>()}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty((await _server.Client.GetFromJsonAsync<JsonArray>("/api/collections/default/documents"))!);
    }

    [Fact]
    public async Task NewConversation_StartsOneOnTheServer_AndAFollowUpContinuesIt()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.UploadHandbookAsync();

        var first = System.Text.Json.Nodes.JsonNode.Parse(await (await server.Client.PostAsJsonAsync("/api/collections/default/ask",
            new { question = "How many days of annual leave do full-time employees receive?", newConversation = true })).Content.ReadAsStringAsync())!;
        var id = first["conversationId"]!.GetValue<string>();
        var followUp = System.Text.Json.Nodes.JsonNode.Parse(await (await server.Client.PostAsJsonAsync("/api/collections/default/ask",
            new { question = "Can they be carried over?", conversationId = id })).Content.ReadAsStringAsync())!;
        var turns = System.Text.Json.Nodes.JsonNode.Parse(await server.Client.GetStringAsync($"/api/collections/default/conversations/{id}"))!["turns"]!.AsArray();

        Assert.False(string.IsNullOrWhiteSpace(id));
        Assert.Equal(2, followUp["turn"]!.GetValue<int>());
        Assert.Contains("full-time employees", followUp["standaloneQuestion"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, turns.Count);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await server.Client.PostAsJsonAsync("/api/collections/default/ask",
            new { question = "Again?", conversationId = id, newConversation = true })).StatusCode);
    }

    [Fact]
    public async Task ThePage_NamesAnIconTheServerServes()
    {
        await using var server = await ServerFixture.StartAsync();

        var page = await server.Client.GetStringAsync("/");
        using var icon = await server.Client.GetAsync("/favicon.svg");

        Assert.Contains("<link rel=\"icon\" type=\"image/svg+xml\" href=\"favicon.svg\">", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", await icon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
