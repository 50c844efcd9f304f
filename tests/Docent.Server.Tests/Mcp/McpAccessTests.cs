using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Server.Tests.Security;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Docent.Server.Tests.Mcp;

/// <summary>A key's collections bind its MCP tool calls too: read on "hr" may search hr, not "other".</summary>
public sealed class McpAccessTests
{
    [Fact]
    public async Task ToolCall_OnACollectionTheKeyDoesNotCover_IsRefusedByName()
    {
        await using var server = await ServerFixture.StartAsync(server: o => o.AdminKey = AuthorizationMatrixTests.AdminKey);
        var keys = await AuthorizationMatrixTests.SetUpAsync(server);
        using var http = server.ClientWithKey(keys["hr-read"]);
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            http,
            ownsHttpClient: false);
        await using var client = await McpClient.CreateAsync(transport);

        var allowed = await client.CallToolAsync("list_documents", new Dictionary<string, object?> { ["collection"] = "hr" });
        var refused = await client.CallToolAsync("search", new Dictionary<string, object?> { ["collection"] = "other", ["query"] = "leave" });

        Assert.NotEqual(true, allowed.IsError);
        Assert.True(refused.IsError);
        Assert.Contains("\"other\"", Assert.IsType<TextContentBlock>(Assert.Single(refused.Content)).Text, StringComparison.Ordinal);
    }
}
