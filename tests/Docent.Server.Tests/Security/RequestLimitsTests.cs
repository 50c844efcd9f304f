using System.Collections;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Docent.Hosting;
using Docent.Tests.TestSupport;

namespace Docent.Server.Tests.Security;

/// <summary>Request body, question and chat limits answer 413/400 naming the limit and its setting; limits and the rate limit come from settings.</summary>
public sealed class RequestLimitsTests
{
    [Fact]
    public async Task AnOverlongQuestion_Is400NamingTheLimitAndItsSetting()
    {
        await using var server = await ServerFixture.StartAsync();
        var question = new string('a', ServerSettings.DefaultMaxQuestionLength + 1);

        var ask = await server.Client.PostAsJsonAsync("/api/collections/default/ask", new { question });
        var search = await server.Client.GetAsync("/api/collections/default/search?q=" + question);
        var detail = JsonNode.Parse(await ask.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.BadRequest, ask.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, search.StatusCode);
        Assert.Contains("4,001 characters, over the 4,000-character limit", detail, StringComparison.Ordinal);
        Assert.Contains("server.maxQuestionLength", detail, StringComparison.Ordinal);
        Assert.Contains("DOCENT_SERVER__MAXQUESTIONLENGTH", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyOrTooLongChatMessages_Are400InOpenAIShape()
    {
        await using var server = await ServerFixture.StartAsync();
        var many = Enumerable.Range(0, ServerSettings.DefaultMaxMessages + 1).Select(i => new { role = i % 2 == 0 ? "user" : "assistant", content = "leave?" }).ToArray();
        var longHistory = new[]
        {
            new { role = "user", content = new string('b', ServerSettings.DefaultMaxMessageLength + 1) },
            new { role = "assistant", content = "27 days." },
            new { role = "user", content = "And part-time?" },
        };

        var tooMany = await server.Client.PostAsJsonAsync("/v1/chat/completions", new { model = "default", messages = many });
        var tooLong = await server.Client.PostAsJsonAsync("/v1/chat/completions", new { model = "default", messages = longHistory });
        var manyError = JsonNode.Parse(await tooMany.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();
        var longError = JsonNode.Parse(await tooLong.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("101 messages, over the limit of 100", manyError, StringComparison.Ordinal);
        Assert.Contains("server.maxMessages", manyError, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("Message 1 is 8,001 characters", longError, StringComparison.Ordinal);
        Assert.Contains("server.maxMessageLength", longError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOversizedBody_Is413NamingTheSetting_WhileUploadsKeepTheirOwnLimit()
    {
        await using var server = await ServerFixture.StartAsync();
        var padding = new string(' ', (int)ServerSettings.DefaultMaxRequestBodyBytes);
        using var body = new StringContent("{\"question\":\"leave?\"" + padding + "}", Encoding.UTF8, "application/json");
        using var form = new MultipartFormDataContent
        {
            // A 1.5 MiB text file: over the general body limit, well under the upload limit.
            { new StringContent("# Leave\n\nEmployees receive 27 days of annual leave.\n" + new string('x', 3 << 19)), "files", "big.md" },
        };

        var ask = await server.Client.PostAsync("/api/collections/default/ask", body);
        var chat = await server.Client.PostAsync("/v1/chat/completions", new StringContent("{\"messages\":[]" + padding + "}", Encoding.UTF8, "application/json"));
        var upload = await server.Client.PostAsync("/api/collections/default/documents", form);
        var detail = JsonNode.Parse(await ask.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, ask.StatusCode);
        Assert.Contains("over the 1,048,576-byte limit", detail, StringComparison.Ordinal);
        Assert.Contains("server.maxRequestBodyBytes", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chat.StatusCode);
        Assert.NotNull(JsonNode.Parse(await chat.Content.ReadAsStringAsync())!["error"]);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal("added", JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["results"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AStreamedBodyOverTheLimit_Is413NamingTheSetting_OnKestrel()
    {
        // The test server enforces no body size; a real loopback Kestrel does what `docent serve` does.
        using var data = new TempDirectory();
        var options = new ServerOptions { DataDirectory = data.Path, Urls = "http://127.0.0.1:0", MaxRequestBodyBytes = 10_000 };
        await using var app = DocentServer.Build(options, d => new DocentOptions { DataDirectory = d });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/collections/default/ask")
        {
            Content = new StringContent("{\"question\":\"leave?\"" + new string(' ', 20_000) + "}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);
        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("over the 10,000-byte limit", detail, StringComparison.Ordinal);
        Assert.Contains("server.maxRequestBodyBytes", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LimitsAndTheRateLimit_AreReadFromTheSettingsFileAndTheEnvironment()
    {
        using var folder = new TempDirectory();
        folder.Write("settings.json", """{ "server": { "maxQuestionLength": 50, "requestsPerMinute": 100 } }""");
        var environment = new Hashtable { ["DOCENT_SERVER__REQUESTSPERMINUTE"] = "3" };
        var settings = DocentSettingsLoader.Load(folder.Path, environment: environment, userSecretsPath: Path.Combine(folder.Path, "no-secrets.json")).Settings;
        await using var server = await ServerFixture.StartAsync(settings: settings.Server);

        var longQuestion = await server.Client.PostAsJsonAsync("/api/collections/default/ask", new { question = new string('c', 51) });
        var second = await server.Client.GetAsync("/api/collections");
        var third = await server.Client.GetAsync("/api/collections");
        var fourth = await server.Client.GetAsync("/api/collections");

        Assert.Equal(50, settings.Server.MaxQuestionLength);
        Assert.Equal(HttpStatusCode.BadRequest, longQuestion.StatusCode);
        Assert.Contains("50-character limit", await longQuestion.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Contains("3 requests a minute", await fourth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void AServerSettingBelowOne_IsRefusedByName()
    {
        using var folder = new TempDirectory();
        var environment = new Hashtable { ["DOCENT_SERVER__MAXMESSAGES"] = "0" };

        var error = Assert.Throws<ArgumentException>(() => DocentSettingsLoader.Load(folder.Path, environment: environment, userSecretsPath: Path.Combine(folder.Path, "none.json")));

        Assert.Contains("server.maxMessages is 0", error.Message, StringComparison.Ordinal);
    }
}
