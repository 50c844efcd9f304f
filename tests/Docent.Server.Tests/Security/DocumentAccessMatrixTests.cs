using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Tests.TestSupport;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Docent.Server.Tests.Security;

/// <summary>
/// Document access lists across the whole API, in the style of <see cref="AuthorizationMatrixTests"/>: every endpoint and
/// MCP tool that can show a document is probed by callers who may and may not read an HR memo (keys with and without the
/// principal, a trusted proxy naming the user's groups, a key that tries the proxy header without being trusted); the memo
/// never shows to those who may not read it — not in listings, counts, search results, answers, citations, closest
/// passages, conversations or models — and their scores equal those of a server that never held it.
/// </summary>
public sealed class DocumentAccessMatrixTests
{
    private const string UniqueTerm = "zorblaxian";
    private const string Secret = "rise by four percent";
    private const string MemoName = "salaries.md";
    private const string Memo = $"# Salary review\n\nThe {UniqueTerm} salary bands {Secret}. Annual leave for the review team is carried over to March.\n";

    /// <summary>Routes that show no document (or only to the admin key), so they need no probe here.</summary>
    private static readonly string[] ShowNoDocument =
    [
        "GET /health", "GET /openapi/{documentName}.json", "GET /api/reference/{documentName?}", "GET /api/reference/scalar.js", "GET /api/reference/scalar.aspnetcore.js", "GET /api/reference/favicon.svg",
        "POST /api/collections", "DELETE /api/collections/{collection}",
        "POST /v1/embeddings", "GET /v1/models/{collection}", "ANY /v1/{**rest}", "ANY /metrics", "GET /api/keys", "POST /api/keys", "DELETE /api/keys/{name}",
    ];

    /// <summary>Routes the matrix below probes.</summary>
    private static readonly string[] Probed =
    [
        "GET /api/collections", "GET /api/collections/{collection}/search", "POST /api/collections/{collection}/ask",
        "GET /api/collections/{collection}/documents", "POST /api/collections/{collection}/documents",
        "DELETE /api/collections/{collection}/documents/{id}", "PUT /api/collections/{collection}/documents/{id}/access",
        "GET /api/collections/{collection}/documents/{id}/passages/{chunkId}",
        "GET /v1/models", "POST /v1/chat/completions", "POST /v1/responses", "GET /api/collections/{collection}/conversations/{id}", "POST /mcp",
        "GET /api/collections/{collection}/conversations", "POST /api/collections/{collection}/feedback",
    ];

    private sealed record Caller(string Name, string Key, bool MayRead, string? Header = null);

    [Fact]
    public async Task AHiddenDocument_NeverShowsToACallerWhoMayNotReadIt()
    {
        await using var server = await ServerFixture.StartAsync(server: o => o.AdminKey = AuthorizationMatrixTests.AdminKey);
        await using var baseline = await ServerFixture.StartAsync();
        using var admin = server.ClientWithKey(AuthorizationMatrixTests.AdminKey);
        var keys = new Dictionary<string, string>();
        foreach (var (name, scopes, principals, delegates) in new (string, string[], string[], bool)[]
        {
            ("staff", ["read", "write"], [], false),
            ("hr", ["read", "write"], ["group:hr"], false),
            ("proxy", ["read"], [], true),
        })
        {
            var created = await admin.PostAsJsonAsync("/api/keys", new { name, collections = "*", scopes, principals, delegates });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
            Assert.Equal(principals, body["principals"]!.AsArray().Select(p => p!.GetValue<string>()));
            keys[name] = body["key"]!.GetValue<string>();
        }

        foreach (var client in new[] { admin, baseline.Client })
        {
            using var handbook = HandbookForm();
            (await client.PostAsync("/api/collections/default/documents", handbook)).EnsureSuccessStatusCode();
        }

        using (var form = new MultipartFormDataContent { { new StringContent(Memo), "files", MemoName }, { new StringContent("group:hr"), "access" } })
        {
            var upload = JsonNode.Parse(await (await admin.PostAsync("/api/collections/default/documents", form)).Content.ReadAsStringAsync())!;
            Assert.Equal("added", upload["results"]![0]!["status"]!.GetValue<string>());
        }

        var memoId = (await admin.GetFromJsonAsync<JsonArray>("/api/collections/default/documents"))!
            .Single(d => d!["source"]!.GetValue<string>() == MemoName)!["id"]!.GetValue<string>();
        var baselineCounts = (await baseline.Client.GetFromJsonAsync<JsonArray>("/api/collections"))![0]!;

        // Those who may read it ask first, so an answer cache that ignored the caller would hand their answers on.
        Caller[] callers =
        [
            new("hr key", keys["hr"], true),
            new("proxy for an hr user", keys["proxy"], true, "user:hana, hr"),
            new("admin key", AuthorizationMatrixTests.AdminKey, true),
            new("staff key", keys["staff"], false),
            new("staff key naming hr in the proxy header", keys["staff"], false, "group:hr"),
            new("proxy for a finance user", keys["proxy"], false, "user:fay, finance"),
        ];
        foreach (var caller in callers)
        {
            using var client = server.ClientWithKey(caller.Key);
            if (caller.Header is not null)
            {
                client.DefaultRequestHeaders.Add("X-Docent-Principals", caller.Header);
            }

            var bodies = new Dictionary<string, string>
            {
                ["collections"] = await client.GetStringAsync("/api/collections"),
                ["documents"] = await client.GetStringAsync("/api/collections/default/documents"),
                ["search"] = await client.GetStringAsync($"/api/collections/default/search?q={UniqueTerm}+salary+bands+annual+leave&top=20"),
                ["ask"] = await PostAsync(client, "/api/collections/default/ask", new { question = $"By how much do the {UniqueTerm} salary bands rise?", conversationId = "talk-" + caller.Name.Replace(' ', '-') }),
                ["ask (stream)"] = await PostAsync(client, "/api/collections/default/ask", new { question = $"By how much do the {UniqueTerm} salary bands rise?" }, stream: true),
                ["models"] = await client.GetStringAsync("/v1/models"),
                ["chat"] = await PostAsync(client, "/v1/chat/completions", new { model = "default", messages = new[] { new { role = "user", content = $"By how much do the {UniqueTerm} salary bands rise?" } } }),
                ["chat (stream)"] = await PostAsync(client, "/v1/chat/completions", new { model = "default", stream = true, messages = new[] { new { role = "user", content = $"By how much do the {UniqueTerm} salary bands rise?" } } }),
                ["responses"] = await PostAsync(client, "/v1/responses", new { model = "default", input = $"By how much do the {UniqueTerm} salary bands rise?" }),
                ["responses (stream)"] = await PostAsync(client, "/v1/responses", new { model = "default", stream = true, input = $"By how much do the {UniqueTerm} salary bands rise?" }),
            };
            await using (var mcp = await McpAsync(server, client))
            {
                bodies["mcp search"] = ToolText(await mcp.CallToolAsync("search", new Dictionary<string, object?> { ["collection"] = "default", ["query"] = $"{UniqueTerm} salary bands", ["top"] = 50 }));
                bodies["mcp ask"] = ToolText(await mcp.CallToolAsync("ask", new Dictionary<string, object?> { ["collection"] = "default", ["question"] = $"By how much do the {UniqueTerm} salary bands rise?" }));
                bodies["mcp list_documents"] = ToolText(await mcp.CallToolAsync("list_documents", new Dictionary<string, object?> { ["collection"] = "default" }));
                bodies["mcp resources"] = string.Join('\n', (await mcp.ListResourcesAsync()).Select(r => $"{r.ProtocolResource.Uri} {r.ProtocolResource.Name} {r.ProtocolResource.Title}"));

                // Reading the memo's resource by its URI gives its text to those who may read it; to others it does not exist.
                var read = await Record.ExceptionAsync(async () => bodies["mcp read"] = ((TextResourceContents)(await mcp.ReadResourceAsync($"docent://default/documents/{memoId}")).Contents[0]).Text);
                Assert.True(caller.MayRead ? read is null : read is ModelContextProtocol.McpProtocolException, $"{caller.Name} reading the memo's resource: {read}");
                Assert.Equal(caller.MayRead, bodies.TryGetValue("mcp read", out var memoText) && memoText.Contains(Secret, StringComparison.Ordinal));
            }

            var counts = JsonNode.Parse(bodies["collections"])!.AsArray()[0]!;
            if (caller.MayRead)
            {
                foreach (var name in new[] { "documents", "search", "ask", "ask (stream)", "chat", "chat (stream)", "responses", "responses (stream)", "mcp search", "mcp ask", "mcp list_documents", "mcp resources" })
                {
                    Assert.True(bodies[name].Contains(MemoName, StringComparison.Ordinal), $"{caller.Name} should see the memo in {name}: {bodies[name]}");
                }

                Assert.Equal(baselineCounts["documents"]!.GetValue<int>() + 1, counts["documents"]!.GetValue<int>());
                continue;
            }

            foreach (var (name, body) in bodies)
            {
                Assert.False(body.Contains(MemoName, StringComparison.Ordinal) || body.Contains(Secret, StringComparison.Ordinal) || body.Contains(memoId, StringComparison.Ordinal),
                    $"{caller.Name} sees the memo in {name}: {body}");
            }

            // Counts and scores are those of a server that never held the memo.
            Assert.Equal(baselineCounts.ToJsonString(), counts.ToJsonString());
            var expected = await baseline.Client.GetStringAsync($"/api/collections/default/search?q={UniqueTerm}+salary+bands+annual+leave&top=20");
            Assert.Equal(Scores(expected), Scores(bodies["search"]));
            Assert.Empty(JsonNode.Parse(await client.GetStringAsync($"/api/collections/default/search?q={UniqueTerm}"))!["results"]!.AsArray());
        }

        // HR's conversation is HR's: the staff key reads it as missing and cannot add to it.
        using var staff = server.ClientWithKey(keys["staff"]);
        using var hr = server.ClientWithKey(keys["hr"]);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync("/api/collections/default/conversations/talk-hr-key")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/api/collections/default/conversations/talk-hr-key")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync("/api/collections/default/ask", new { question = "And the leave?", conversationId = "talk-hr-key" })).StatusCode);
        // Nor is it in the staff key's chat list (its title is HR's question), nor can the staff key rate its turns.
        Assert.Contains("talk-hr-key", await hr.GetStringAsync("/api/collections/default/conversations"), StringComparison.Ordinal);
        Assert.DoesNotContain("talk-hr-key", await staff.GetStringAsync("/api/collections/default/conversations"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync("/api/collections/default/feedback", new { rating = "up", conversationId = "talk-hr-key", turn = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await hr.PostAsJsonAsync("/api/collections/default/feedback", new { rating = "up", conversationId = "talk-hr-key", turn = 1 })).StatusCode);

        // A citation's passage link: HR reads the memo's passage; the staff key reads it as missing.
        var memoChunk = (await admin.GetFromJsonAsync<JsonObject>($"/api/collections/default/search?q={UniqueTerm}"))!["results"]![0]!["chunkId"]!.GetValue<string>();
        Assert.Contains(UniqueTerm, await hr.GetStringAsync($"/api/collections/default/documents/{memoId}/passages/{memoChunk}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/collections/default/documents/{memoId}/passages/{memoChunk}")).StatusCode);

        // Writing: the staff key can neither delete the memo, nor change its list, nor reach it by uploading the same bytes.
        Assert.Equal(HttpStatusCode.NotFound, (await staff.DeleteAsync($"/api/collections/default/documents/{memoId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PutAsJsonAsync($"/api/collections/default/documents/{memoId}/access", new { principals = Array.Empty<string>() })).StatusCode);
        using (var same = new MultipartFormDataContent { { new StringContent(Memo), "files", "copy.md" }, { new StringContent(""), "access" } })
        {
            var upload = JsonNode.Parse(await (await staff.PostAsync("/api/collections/default/documents", same)).Content.ReadAsStringAsync())!;
            Assert.Equal("failed", upload["results"]![0]!["status"]!.GetValue<string>());
        }

        Assert.DoesNotContain(MemoName, await staff.GetStringAsync("/api/collections/default/documents"), StringComparison.Ordinal);

        // HR may open it to everyone; then the staff key sees it.
        var opened = await hr.PutAsJsonAsync($"/api/collections/default/documents/{memoId}/access", new { principals = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Empty(JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["access"]!.AsArray());
        Assert.Contains(MemoName, await staff.GetStringAsync($"/api/collections/default/search?q={UniqueTerm}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedPrincipalsHeader_FromATrustedProxy_IsRefused()
    {
        await using var server = await ServerFixture.StartAsync(server: o => o.AdminKey = AuthorizationMatrixTests.AdminKey);
        using var admin = server.ClientWithKey(AuthorizationMatrixTests.AdminKey);
        var created = await admin.PostAsJsonAsync("/api/keys", new { name = "proxy", collections = "*", scopes = new[] { "read" }, delegates = true });
        using var proxy = server.ClientWithKey(JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!.GetValue<string>());
        proxy.DefaultRequestHeaders.Add("X-Docent-Principals", "user:has space");

        var response = await proxy.GetAsync("/api/collections/default/documents");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Docent-Principals", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/keys", new { name = "bad", collections = "*", scopes = new[] { "read" }, principals = new[] { "hr" } })).StatusCode);
    }

    [Fact]
    public async Task EveryEndpoint_IsProbedOrShowsNoDocument()
    {
        await using var server = await ServerFixture.StartAsync();
        var routes = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText?.TrimEnd('/')}"))
            .ToHashSet();

        Assert.Equal(Probed.Concat(ShowNoDocument).Order(), routes.Order());
    }

    private static MultipartFormDataContent HandbookForm()
    {
        var form = new MultipartFormDataContent();
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryPaths.Samples, "handbook")))
        {
            form.Add(new ByteArrayContent(File.ReadAllBytes(path)), "files", Path.GetFileName(path));
        }

        return form;
    }

    private static async Task<string> PostAsync(HttpClient client, string path, object body, bool stream = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return text;
    }

    private static List<(string Source, double Score)> Scores(string search) =>
        [.. JsonNode.Parse(search)!["results"]!.AsArray().Select(r => (r!["source"]!.GetValue<string>(), r["score"]!.GetValue<double>()))];

    private static async Task<McpClient> McpAsync(ServerFixture server, HttpClient client)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(server.Client.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            client,
            ownsHttpClient: false);
        return await McpClient.CreateAsync(transport);
    }

    private static string ToolText(CallToolResult result)
    {
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(result.IsError != true, text);
        return text;
    }
}
