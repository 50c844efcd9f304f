using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Hosting;
using Docent.Server.Tests.Security;
using Docent.Tests.TestSupport;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Docent.Server.Tests;

/// <summary>
/// API callers see where a document came from inside the collection (an upload's original name, a path relative to the
/// ingested folder), never a path on the server; only the admin key also sees the full path.
/// </summary>
public sealed class SourcePrivacyTests
{
    private const string Question = "How many days of annual leave do full-time employees receive?";

    private static readonly string[] Handbook = Directory.GetFiles(Path.Combine(RepositoryPaths.Samples, "handbook")).Select(Path.GetFileName).OfType<string>().ToArray();

    [Fact]
    public async Task EveryApiSource_IsTheUploadedName_NeverAServerPath()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.UploadHandbookAsync();

        var documents = await server.Client.GetStringAsync("/api/collections/default/documents");
        var search = await server.Client.GetStringAsync("/api/collections/default/search?q=annual+leave&top=5");
        var ask = await (await server.Client.PostAsJsonAsync("/api/collections/default/ask", new { question = Question })).Content.ReadAsStringAsync();
        var chat = await (await server.Client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "default",
            messages = new[] { new { role = "user", content = Question } },
        })).Content.ReadAsStringAsync();
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(server.Client.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            server.Client,
            ownsHttpClient: false);
        await using var mcp = await McpClient.CreateAsync(transport);
        var mcpSearch = ToolText(await mcp.CallToolAsync("search", new Dictionary<string, object?> { ["collection"] = "default", ["query"] = "annual leave" }));
        var mcpList = ToolText(await mcp.CallToolAsync("list_documents", new Dictionary<string, object?> { ["collection"] = "default" }));

        foreach (var body in new[] { documents, search, ask, chat, mcpSearch, mcpList })
        {
            Assert.DoesNotContain(server.Data.Path, body, StringComparison.Ordinal);
            Assert.DoesNotContain("uploads", body, StringComparison.Ordinal);
        }

        var listed = JsonNode.Parse(documents)!.AsArray();
        Assert.Equal(Handbook.Order(StringComparer.Ordinal), listed.Select(d => d!["source"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(listed, d => Assert.Equal(d!["source"]!.GetValue<string>(), d["fileName"]!.GetValue<string>()));
        Assert.All(listed, d => Assert.Null(d!["path"]));
        AssertSources(JsonNode.Parse(search)!["results"]!.AsArray());
        var citations = JsonNode.Parse(ask)!["citations"]!.AsArray();
        AssertSources(citations);
        Assert.Equal("leave-policy.docx", citations[0]!["source"]!.GetValue<string>());
        Assert.Contains("(leave-policy.docx)", JsonNode.Parse(chat)!["choices"]![0]!["message"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        AssertSources(JsonNode.Parse(chat)!["citations"]!.AsArray());
        AssertSources(JsonNode.Parse(mcpSearch)!["results"]!.AsArray());
        Assert.Contains("leave-policy.docx", JsonNode.Parse(mcpList)!["documents"]!.AsArray().Select(d => d!["source"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheAdminKey_AlsoSeesTheFullPath_AReadKeyDoesNot()
    {
        await using var server = await ServerFixture.StartAsync(server: o => o.AdminKey = AuthorizationMatrixTests.AdminKey);
        var keys = await AuthorizationMatrixTests.SetUpAsync(server);
        using var admin = server.ClientWithKey(AuthorizationMatrixTests.AdminKey);
        using var reader = server.ClientWithKey(keys["hr-read"]);
        using var form = new MultipartFormDataContent { { new StringContent("# Leave\n\nEmployees receive 27 days of annual leave."), "files", "leave.md" } };
        (await admin.PostAsync("/api/collections/hr/documents", form)).EnsureSuccessStatusCode();

        foreach (var (client, isAdmin) in new[] { (admin, true), (reader, false) })
        {
            var document = (await client.GetFromJsonAsync<JsonArray>("/api/collections/hr/documents"))![0]!;
            var hit = (await client.GetFromJsonAsync<JsonObject>("/api/collections/hr/search?q=annual+leave"))!["results"]![0]!;
            var citation = JsonNode.Parse(await (await client.PostAsJsonAsync("/api/collections/hr/ask", new { question = "How many days of annual leave?" })).Content.ReadAsStringAsync())!["citations"]![0]!;

            foreach (var item in new[] { document, hit, citation })
            {
                Assert.Equal("leave.md", item["source"]!.GetValue<string>());
                if (isAdmin)
                {
                    Assert.StartsWith(Path.Combine(server.Data.Path, "collections", "hr", "uploads") + Path.DirectorySeparatorChar, item["path"]!.GetValue<string>(), StringComparison.Ordinal);
                }
                else
                {
                    Assert.Null(item["path"]);
                }
            }
        }
    }

    [Fact]
    public async Task UploadNames_AreShownWithoutFoldersOrControlCharacters()
    {
        await using var server = await ServerFixture.StartAsync();
        using var form = new MultipartFormDataContent();
        var file = new StringContent("# Notes\n\nThe quarterly review is in March.");
        file.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data")
        {
            Name = "\"files\"",
            FileNameStar = "C:\\Users\\me\\..\\q3\u202E-notes\u0007.md",
        };
        form.Add(file);

        var upload = JsonNode.Parse(await (await server.Client.PostAsync("/api/collections/default/documents", form)).Content.ReadAsStringAsync())!;
        var documents = await server.Client.GetFromJsonAsync<JsonArray>("/api/collections/default/documents");

        Assert.Equal("q3-notes.md", upload["results"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("q3-notes.md", documents![0]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUploadWithoutATitleOfItsOwn_IsNamedAfterTheUploadedFile_NotItsStoredHashName()
    {
        await using var server = await ServerFixture.StartAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("## Carrying leave over\n\nYou may carry over up to five unused days of leave, with your manager's agreement.\n"), "files", "carry-over.md" },
        };
        (await server.Client.PostAsync("/api/collections/default/documents", form)).EnsureSuccessStatusCode();

        var document = (await server.Client.GetFromJsonAsync<JsonArray>("/api/collections/default/documents"))![0]!;
        var answer = JsonNode.Parse(await (await server.Client.PostAsJsonAsync("/api/collections/default/ask", new { question = "How many unused days of leave can I carry over?" })).Content.ReadAsStringAsync())!;

        Assert.Equal("carry-over.md", document["source"]!.GetValue<string>());
        Assert.Equal("carry-over", document["title"]!.GetValue<string>());
        var citation = answer["citations"]![0]!;
        Assert.Equal("carry-over.md", citation["source"]!.GetValue<string>());
        Assert.Equal("carry-over", citation["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnIngestedFolder_IsShownRelativeToWhereItWasIngestedFrom()
    {
        using var files = new TempDirectory();
        files.Write("handbook/policies/leave.md", "# Leave\n\nEmployees receive 27 days of annual leave.");
        files.Write("handbook/welcome.md", "# Welcome\n\nThe office opens at nine.");
        var single = files.Write("extra/travel.md", "# Travel\n\nBook trains for journeys under four hours.");
        using var data = new TempDirectory();
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = data.Path });
        var report = await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(files.Path, "handbook"), single]);
        Assert.All(report.Results, r => Assert.Equal(Docent.Ingestion.IngestStatus.Added, r.Status));
        await using var server = await ServerFixture.StartAsync(server: o => o.DataDirectory = data.Path);

        var documents = await server.Client.GetFromJsonAsync<JsonArray>("/api/collections/default/documents");

        Assert.Equal(
            ["handbook/policies/leave.md", "handbook/welcome.md", "travel.md"],
            documents!.Select(d => d!["source"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Contains("leave.md", documents!.Select(d => d!["fileName"]!.GetValue<string>()));
    }

    private static void AssertSources(JsonArray items)
    {
        Assert.NotEmpty(items);
        Assert.All(items, item =>
        {
            Assert.Contains(item!["source"]!.GetValue<string>(), Handbook);
            Assert.Null(item["path"]);
        });
    }

    private static string ToolText(CallToolResult result)
    {
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(result.IsError != true, text);
        return text;
    }
}
