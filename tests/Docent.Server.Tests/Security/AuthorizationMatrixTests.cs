using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Docent.Server.Tests.Security;

/// <summary>
/// Every endpoint × {no key, keys with the wrong scope or collection, the right key} → 401 / 403 / its success status.
/// Adding an endpoint means adding a row: <see cref="EveryEndpoint_HasARow"/> fails until it has one.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    /// <summary>One endpoint: its route ("METHOD pattern"), a request to it, the key that may call it and its answer then, the keys that may not.</summary>
    public sealed record Row(string Route, HttpMethod Method, string Path, Func<HttpContent?>? Body, string? Right, HttpStatusCode Success, params string[] Wrong)
    {
        public override string ToString() => Route;
    }

    // Keys: hr-read (read on hr), hr-write (write on hr and fresh), other-rw (read+write on other), admin. null: no key needed.
    public static readonly Row[] Rows =
    [
        new("GET /health", HttpMethod.Get, "/health", null, null, HttpStatusCode.OK),
        new("GET /openapi/{documentName}.json", HttpMethod.Get, "/openapi/v1.json", null, null, HttpStatusCode.OK),
        new("GET /api/reference/{documentName?}", HttpMethod.Get, "/api/reference/", null, null, HttpStatusCode.OK),
        new("GET /api/reference/scalar.js", HttpMethod.Get, "/api/reference/scalar.js", null, null, HttpStatusCode.OK),
        new("GET /api/reference/scalar.aspnetcore.js", HttpMethod.Get, "/api/reference/scalar.aspnetcore.js", null, null, HttpStatusCode.OK),
        new("GET /api/reference/favicon.svg", HttpMethod.Get, "/api/reference/favicon.svg", null, null, HttpStatusCode.OK),
        new("GET /api/collections", HttpMethod.Get, "/api/collections", null, "hr-read", HttpStatusCode.OK, "hr-write"),
        new("POST /api/collections", HttpMethod.Post, "/api/collections", () => JsonContent.Create(new { name = "fresh" }), "hr-write", HttpStatusCode.Created, "hr-read", "other-rw"),
        new("DELETE /api/collections/{collection}", HttpMethod.Delete, "/api/collections/hr", null, "admin", HttpStatusCode.NoContent, "hr-read", "hr-write", "other-rw"),
        new("GET /api/collections/{collection}/search", HttpMethod.Get, "/api/collections/hr/search?q=leave", null, "hr-read", HttpStatusCode.OK, "hr-write", "other-rw"),
        new("POST /api/collections/{collection}/ask", HttpMethod.Post, "/api/collections/hr/ask", () => JsonContent.Create(new { question = "How much leave?" }), "hr-read", HttpStatusCode.OK, "hr-write", "other-rw"),
        new("GET /api/collections/{collection}/documents", HttpMethod.Get, "/api/collections/hr/documents", null, "hr-read", HttpStatusCode.OK, "hr-write", "other-rw"),
        new("POST /api/collections/{collection}/documents", HttpMethod.Post, "/api/collections/hr/documents", Upload, "hr-write", HttpStatusCode.OK, "hr-read", "other-rw"),
        new("DELETE /api/collections/{collection}/documents/{id}", HttpMethod.Delete, "/api/collections/hr/documents/nope", null, "hr-write", HttpStatusCode.NotFound, "hr-read", "other-rw"),
        new("GET /api/collections/{collection}/documents/{id}/passages/{chunkId}", HttpMethod.Get, "/api/collections/hr/documents/nope/passages/nope", null, "hr-read", HttpStatusCode.NotFound, "hr-write", "other-rw"),
        new("PUT /api/collections/{collection}/documents/{id}/access", HttpMethod.Put, "/api/collections/hr/documents/nope/access", () => JsonContent.Create(new { principals = new[] { "group:hr" } }), "hr-write", HttpStatusCode.NotFound, "hr-read", "other-rw"),
        new("GET /v1/models", HttpMethod.Get, "/v1/models", null, "hr-read", HttpStatusCode.OK, "hr-write"),
        new("GET /v1/models/{collection}", HttpMethod.Get, "/v1/models/hr", null, "hr-read", HttpStatusCode.OK, "hr-write", "other-rw"),
        new("ANY /v1/{**rest}", HttpMethod.Post, "/v1/files", () => JsonContent.Create(new { purpose = "assistants" }), null, HttpStatusCode.NotFound),
        new("POST /v1/responses", HttpMethod.Post, "/v1/responses", () => JsonContent.Create(new { model = "hr", input = "How much leave?" }), "hr-read", HttpStatusCode.OK, "hr-write", "other-rw"),
        new("POST /v1/chat/completions", HttpMethod.Post, "/v1/chat/completions", () => JsonContent.Create(new { model = "hr", messages = new[] { new { role = "user", content = "How much leave?" } } }), "hr-read", HttpStatusCode.OK, "hr-write", "other-rw"),
        new("GET /api/collections/{collection}/conversations/{id}", HttpMethod.Get, "/api/collections/hr/conversations/none-yet", null, "hr-read", HttpStatusCode.NotFound, "hr-write", "other-rw"),
        new("GET /api/collections/{collection}/conversations", HttpMethod.Get, "/api/collections/hr/conversations", null, "hr-read", HttpStatusCode.OK, "hr-write", "other-rw"),
        new("POST /api/collections/{collection}/feedback", HttpMethod.Post, "/api/collections/hr/feedback", () => JsonContent.Create(new { rating = "up", question = "How much leave?", answer = "27 days.", found = true }), "hr-read", HttpStatusCode.Created, "hr-write", "other-rw"),
        new("POST /v1/embeddings", HttpMethod.Post, "/v1/embeddings", () => JsonContent.Create(new { model = "hr", input = "leave" }), "hr-read", HttpStatusCode.BadRequest, "hr-write", "other-rw"),
        // Past the key check, MCP itself answers 406 to a request that does not accept its event stream: enough to show access.
        new("POST /mcp", HttpMethod.Post, "/mcp", () => JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "tools/list" }), "hr-read", HttpStatusCode.NotAcceptable, "hr-write"),
        new("ANY /metrics", HttpMethod.Get, "/metrics", null, "admin", HttpStatusCode.OK, "hr-read", "hr-write"),
        new("GET /api/keys", HttpMethod.Get, "/api/keys", null, "admin", HttpStatusCode.OK, "hr-read", "hr-write"),
        new("POST /api/keys", HttpMethod.Post, "/api/keys", () => JsonContent.Create(new { name = "bot", collections = "*", scopes = new[] { "read" } }), "admin", HttpStatusCode.Created, "hr-write", "other-rw"),
        new("DELETE /api/keys/{name}", HttpMethod.Delete, "/api/keys/hr-read", null, "admin", HttpStatusCode.NoContent, "hr-write", "other-rw"),
    ];

    public static TheoryData<string> RowNames() => [.. Rows.Select(r => r.Route)];

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Endpoint_AnswersEachCallerAsItsScopeSays(string route)
    {
        var row = Rows.Single(r => r.Route == route);
        await using var server = await ServerFixture.StartAsync(server: o => o.AdminKey = AdminKey);
        var keys = await SetUpAsync(server);

        if (row.Right is null)
        {
            Assert.Equal(row.Success, await SendAsync(server, row, null));
            return;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(server, row, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(server, row, "docent_not-a-key"));
        foreach (var wrong in row.Wrong)
        {
            Assert.True(HttpStatusCode.Forbidden == await SendAsync(server, row, keys[wrong]), $"{row.Route} with {wrong}");
        }

        Assert.Equal(row.Success, await SendAsync(server, row, keys[row.Right]));
    }

    [Fact]
    public async Task EveryEndpoint_HasARow()
    {
        await using var server = await ServerFixture.StartAsync();
        var routes = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText?.TrimEnd('/')}"))
            .ToHashSet();

        Assert.Equal(Rows.Select(r => r.Route).Order(), routes.Order());
    }

    [Fact]
    public async Task EveryEndpoint_DeclaresItsAccess()
    {
        await using var server = await ServerFixture.StartAsync();
        var undeclared = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<Docent.Server.Security.ApiAccess>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => e.DisplayName).ToList();

        Assert.Empty(undeclared);
    }

    /// <summary>Creates the collections hr, other and fresh's absence, and the keys; returns each key's secret by name.</summary>
    internal static async Task<Dictionary<string, string>> SetUpAsync(ServerFixture server)
    {
        using var admin = server.ClientWithKey(AdminKey);
        foreach (var name in new[] { "hr", "other" })
        {
            (await admin.PostAsJsonAsync("/api/collections", new { name })).EnsureSuccessStatusCode();
        }

        var keys = new Dictionary<string, string> { ["admin"] = AdminKey };
        foreach (var (name, collections, scopes) in new (string, object, string[])[]
        {
            ("hr-read", new[] { "hr" }, ["read"]),
            ("hr-write", new[] { "hr", "fresh" }, ["write"]),
            ("other-rw", new[] { "other" }, ["read", "write"]),
        })
        {
            var created = await admin.PostAsJsonAsync("/api/keys", new { name, collections, scopes });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            keys[name] = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
        }

        return keys;
    }

    private static async Task<HttpStatusCode> SendAsync(ServerFixture server, Row row, string? key)
    {
        using var client = server.ClientWithKey(key);
        using var request = new HttpRequestMessage(row.Method, row.Path) { Content = row.Body?.Invoke() };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static HttpContent Upload() =>
        new MultipartFormDataContent { { new StringContent("# Leave\n\nEmployees receive 27 days of annual leave."), "files", "leave.md" } };
}
