using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Docent.Server.Tests.Mcp;

/// <summary>
/// initialize negotiates the protocol version as the MCP specification says: a version the server serves is echoed; any
/// other — newer, made up or older — is answered with the server's latest, and the session then works on it.
/// </summary>
public sealed class McpProtocolVersionTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("2025-11-25", "2025-11-25")]
    [InlineData("2025-06-18", "2025-06-18")]
    [InlineData("2026-07-28", "2025-11-25")]
    [InlineData("2099-01-01", "2025-11-25")]
    [InlineData("2024-10-01", "2025-11-25")]
    [InlineData("next", "2025-11-25")]
    public async Task Initialize_AnswersWithAVersionItServes(string requested, string expected)
    {
        var (status, reply) = await PostAsync(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"VERSION","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"""
                .Replace("VERSION", requested, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(reply["error"]);
        Assert.Equal(expected, reply["result"]!["protocolVersion"]!.GetValue<string>());
        Assert.Equal("docent", reply["result"]!["serverInfo"]!["name"]!.GetValue<string>());

        // The client goes on with the version it was offered.
        var (listStatus, tools) = await PostAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""", expected);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains(tools["result"]!["tools"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "ask");
    }

    private async Task<(HttpStatusCode Status, JsonNode Reply)> PostAsync(string body, string? protocolVersion = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (protocolVersion is not null)
        {
            request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        }

        using var response = await _server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        // A streamable HTTP reply is one server-sent event ("data: {...}") or, for a refusal, plain JSON.
        var json = text.Split('\n').FirstOrDefault(l => l.StartsWith("data: ", StringComparison.Ordinal))?["data: ".Length..] ?? text;
        return (response.StatusCode, JsonNode.Parse(json)!);
    }
}
