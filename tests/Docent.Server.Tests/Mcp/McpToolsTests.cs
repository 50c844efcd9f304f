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
}
