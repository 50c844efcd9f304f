using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Docent.Server.Tests.Mcp;

/// <summary>The MCP server at /mcp through the SDK's own client over streamable HTTP: tools listed, each called, errors named.</summary>
public sealed class McpToolsTests : IAsyncLifetime
{
    private ServerFixture _server = null!;
    private McpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        await _server.UploadHandbookAsync();
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(_server.Client.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            _server.Client,
            ownsHttpClient: false);
        _client = await McpClient.CreateAsync(transport);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task<(JsonNode Json, CallToolResult Result)> CallAsync(string tool, Dictionary<string, object?> arguments)
    {
        var result = await _client.CallToolAsync(tool, arguments);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(result.IsError != true, text);
        return (JsonNode.Parse(text)!, result);
    }

    [Fact]
    public async Task ListTools_OffersSearchAskAndListDocuments_WithTheirParameters()
    {
        var tools = await _client.ListToolsAsync();

        Assert.Equal(["ask", "list_documents", "search"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        var search = tools.Single(t => t.Name == "search").JsonSchema;
        Assert.True(search.GetProperty("properties").TryGetProperty("collection", out _));
        Assert.True(search.GetProperty("properties").TryGetProperty("top", out _));
        Assert.Contains("query", search.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Search_ReturnsPassagesFromTheDocuments()
    {
        var (json, _) = await CallAsync("search", new() { ["collection"] = "default", ["query"] = "annual leave carry over", ["top"] = 3 });

        var results = json["results"]!.AsArray();
        Assert.Equal(3, results.Count);
        Assert.Equal("Leave Policy", results[0]!["title"]!.GetValue<string>());
        Assert.Contains("carry over", results[0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_AnswersWithCitations()
    {
        var (json, _) = await CallAsync("ask", new() { ["collection"] = "default", ["question"] = "How many days of annual leave do full-time employees receive?" });

        Assert.True(json["found"]!.GetValue<bool>());
        Assert.Contains("27 days", json["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        var citation = json["citations"]![0]!;
        Assert.Equal("Leave Policy", citation["title"]!.GetValue<string>());
        Assert.Contains("27 days", citation["quote"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_Twice_TheSecondComesFromTheAnswerCache()
    {
        var arguments = new Dictionary<string, object?> { ["collection"] = "default", ["question"] = "Who approves travel expenses?" };

        var (first, _) = await CallAsync("ask", arguments);
        var (second, _) = await CallAsync("ask", arguments);

        Assert.False(first["cached"]!.GetValue<bool>());
        Assert.True(second["cached"]!.GetValue<bool>());
        Assert.Equal(first["answer"]!.GetValue<string>(), second["answer"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListDocuments_NamesEveryUploadedFile()
    {
        var (json, _) = await CallAsync("list_documents", new() { ["collection"] = "default" });

        var titles = json["documents"]!.AsArray().Select(d => d!["title"]!.GetValue<string>()).ToList();
        Assert.Equal(7, titles.Count);
        Assert.Contains("Leave Policy", titles);
    }

    [Fact]
    public async Task UnknownCollection_IsAToolErrorNamingIt()
    {
        var result = await _client.CallToolAsync("search", new Dictionary<string, object?> { ["collection"] = "nope", ["query"] = "leave" });

        Assert.True(result.IsError);
        Assert.Contains("\"nope\"", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCollection_DefaultsToDefault_AndTheServerReportsDocentsVersion()
    {
        var tools = await _client.ListToolsAsync();
        foreach (var tool in tools)
        {
            var required = tool.JsonSchema.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(e => e.GetString()).ToList() : [];
            Assert.DoesNotContain("collection", required);
        }

        var (json, _) = await CallAsync("search", new Dictionary<string, object?> { ["query"] = "annual leave" });
        Assert.Equal("default", json["collection"]!.GetValue<string>());
        Assert.NotEmpty(json["results"]!.AsArray());
        var (listed, _) = await CallAsync("list_documents", []);
        Assert.NotEmpty(listed["documents"]!.AsArray());

        var server = Assert.IsType<Implementation>(_client.ServerInfo);
        Assert.Equal("docent", server.Name);
        Assert.Equal(DocentServer.ProductVersion, server.Version);
        Assert.Matches(@"^\d+\.\d+\.\d+$", server.Version);
        Assert.NotEqual("1.0.0.0", server.Version);
    }

    [Theory]
    [InlineData("search", "query", "What to look for.")]
    [InlineData("ask", "question", "The question, in full.")]
    public async Task AMissingArgument_IsNamedWithWhatItIsFor(string tool, string argument, string description)
    {
        var result = await _client.CallToolAsync(tool, new Dictionary<string, object?> { ["collection"] = "default" });

        Assert.True(result.IsError);
        Assert.Equal($"{tool} needs the argument \"{argument}\": {description}", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task EveryTool_AdvertisesAnOutputSchema_AndReturnsStructuredContentEqualToItsText()
    {
        var tools = await _client.ListToolsAsync();
        foreach (var (tool, field) in new[] { ("search", "results"), ("ask", "citations"), ("list_documents", "documents") })
        {
            var schema = tools.Single(t => t.Name == tool).ProtocolTool.OutputSchema;
            Assert.NotNull(schema);
            Assert.Equal("object", schema.Value.GetProperty("type").GetString());
            Assert.True(schema.Value.GetProperty("properties").TryGetProperty(field, out _), $"{tool}'s output schema lacks {field}: {schema}");
        }

        foreach (var (tool, arguments) in new (string, Dictionary<string, object?>)[]
        {
            ("search", new() { ["query"] = "annual leave", ["top"] = 2 }),
            ("ask", new() { ["question"] = "How many days of annual leave do full-time employees receive?" }),
            ("list_documents", []),
        })
        {
            var (text, result) = await CallAsync(tool, arguments);
            var structured = JsonSerializer.SerializeToNode(result.StructuredContent);
            Assert.NotNull(structured);
            Assert.True(JsonNode.DeepEquals(text, structured), $"{tool}: text {text.ToJsonString()} but structured {structured.ToJsonString()}");
        }

        var (answer, _) = await CallAsync("ask", new() { ["question"] = "How many days of annual leave do full-time employees receive?" });
        Assert.Equal("Leave Policy", answer["citations"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Documents_AreResources_ListedWithATemplate_AndReadAsText()
    {
        var resources = await _client.ListResourcesAsync();
        Assert.Equal(7, resources.Count);
        var leave = resources.Single(r => r.ProtocolResource.Name == "leave-policy.docx").ProtocolResource;
        Assert.Equal("Leave Policy", leave.Title);
        Assert.StartsWith("docent://default/documents/", leave.Uri, StringComparison.Ordinal);

        var templates = await _client.ListResourceTemplatesAsync();
        Assert.Equal("docent://{collection}/documents/{id}", Assert.Single(templates).ProtocolResourceTemplate.UriTemplate);

        var read = await _client.ReadResourceAsync(leave.Uri);
        var contents = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents));
        Assert.Equal(leave.Uri, contents.Uri);
        Assert.Equal("text/plain", contents.MimeType);
        Assert.Contains("27 days", contents.Text, StringComparison.Ordinal);

        // list_documents names each document's resource.
        var (listed, _) = await CallAsync("list_documents", []);
        Assert.Contains(listed["documents"]!.AsArray(), d => d!["uri"]!.GetValue<string>() == leave.Uri);

        var missing = await Assert.ThrowsAsync<McpProtocolException>(() => _client.ReadResourceAsync("docent://default/documents/nope").AsTask());
        Assert.Contains("\"nope\"", missing.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAnyAsync<McpException>(() => _client.ReadResourceAsync("docent://elsewhere/documents/x").AsTask());
        Assert.Contains("\"elsewhere\"", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAskTheDocumentsPrompt_TakesAQuestionAndAnOptionalCollection()
    {
        var prompt = Assert.Single(await _client.ListPromptsAsync()).ProtocolPrompt;
        Assert.Equal("ask_the_documents", prompt.Name);
        var arguments = prompt.Arguments!.ToDictionary(a => a.Name, a => a.Required == true);
        Assert.True(arguments["question"]);
        Assert.False(arguments["collection"]);

        var result = await _client.GetPromptAsync("ask_the_documents", new Dictionary<string, object?> { ["question"] = "Who approves travel expenses?" });
        var message = Assert.Single(result.Messages);
        Assert.Equal(Role.User, message.Role);
        var text = Assert.IsType<TextContentBlock>(message.Content).Text;
        Assert.Contains("Who approves travel expenses?", text, StringComparison.Ordinal);
        Assert.Contains("collection \"default\"", text, StringComparison.Ordinal);
        Assert.Contains("`ask`", text, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAnyAsync<McpException>(() => _client.GetPromptAsync("ask_the_documents", new Dictionary<string, object?> { ["question"] = "Who?", ["collection"] = "nope" }).AsTask());
        Assert.Contains("\"nope\"", unknown.Message, StringComparison.Ordinal);
    }
}
