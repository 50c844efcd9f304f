using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Hosting;
using Docent.Server.Security;

namespace Docent.Server.Tests.Security;

/// <summary>Loopback-only without keys, rate limits, CORS, clear 400s for malformed bodies, and the OpenAPI document.</summary>
public sealed class ServerHardeningTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://127.0.0.1:5217;http://*:80")]
    [InlineData("http://+:80")]
    [InlineData("http://192.168.1.20:8080")]
    [InlineData("http://[::]:8080")]
    public void WithoutKeys_ListeningBeyondLoopback_IsRefused(string urls)
    {
        var options = new ServerOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "docent-never-created"), Urls = urls };

        var error = Assert.Throws<InvalidOperationException>(() => DocentServer.Build(options, d => new DocentOptions { DataDirectory = d }));

        Assert.Contains("Refusing to listen on", error.Message, StringComparison.Ordinal);
        Assert.Contains(ServerOptions.AdminKeyVariable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:5217", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5217", null)]
    [InlineData("http://localhost:5000;http://[::1]:5001;http://127.0.0.2:5002", null)]
    [InlineData("http://0.0.0.0:8080", AuthorizationMatrixTests.AdminKey)]
    public async Task LoopbackOrKeys_Builds(string urls, string? adminKey)
    {
        var options = new ServerOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "docent-never-created"), Urls = urls, AdminKey = adminKey };

        await using var app = DocentServer.Build(options, d => new DocentOptions { DataDirectory = d });

        Assert.NotNull(app);
    }

    [Fact]
    public async Task OverTheLimit_Is429WithRetryAfter_PerKey()
    {
        await using var server = await ServerFixture.StartAsync(server: o => o.RequestsPerMinute = 2);

        var first = await server.Client.GetAsync("/api/collections");
        var second = await server.Client.GetAsync("/api/collections");
        var third = await server.Client.GetAsync("/api/collections");
        var health = await server.Client.GetAsync("/health");
        var problem = JsonNode.Parse(await third.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.InRange(third.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType!.MediaType);
        Assert.Contains("2 requests a minute", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Keys_HaveTheirOwnLimits()
    {
        await using var server = await ServerFixture.StartAsync(server: o => { o.AdminKey = AuthorizationMatrixTests.AdminKey; o.RequestsPerMinute = 5; });
        var keys = await AuthorizationMatrixTests.SetUpAsync(server); // five admin requests: the admin's window is spent
        using var admin = server.ClientWithKey(AuthorizationMatrixTests.AdminKey);
        using var reader = server.ClientWithKey(keys["hr-read"]);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await admin.GetAsync("/api/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/collections")).StatusCode);
    }

    [Fact]
    public async Task Cors_IsOffByDefault_AndAnswersForbidSniffingAndFraming()
    {
        await using var server = await ServerFixture.StartAsync();

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/collections");
        preflight.Headers.Add("Origin", "https://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/collections");
        get.Headers.Add("Origin", "https://elsewhere.example");

        var preflightResponse = await server.Client.SendAsync(preflight);
        var getResponse = await server.Client.SendAsync(get);

        Assert.False(preflightResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, getResponse.StatusCode);
        Assert.False(getResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("nosniff", getResponse.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", getResponse.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Cors_AllowsListedOriginsOnly()
    {
        await using var server = await ServerFixture.StartAsync(server: o => o.CorsOrigins = ["https://intranet.example"]);

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/chat/completions");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            return await server.Client.SendAsync(request);
        }

        var listed = await PreflightAsync("https://intranet.example");
        var other = await PreflightAsync("https://elsewhere.example");

        Assert.Equal("https://intranet.example", listed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task MalformedJson_Is400NamingTheProblem_InEachDialect()
    {
        await using var server = await ServerFixture.StartAsync();
        static StringContent Broken() => new("{\"question\": ", System.Text.Encoding.UTF8, "application/json");

        var api = await server.Client.PostAsync("/api/collections/default/ask", Broken());
        var v1 = await server.Client.PostAsync("/v1/chat/completions", Broken());
        var problem = JsonNode.Parse(await api.Content.ReadAsStringAsync())!;
        var error = JsonNode.Parse(await v1.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        Assert.Contains("JSON", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, v1.StatusCode);
        Assert.Equal("invalid_request_error", error["code"]!.GetValue<string>());
        Assert.Contains("JSON", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_ListsTheEndpointsAndTheBearerScheme()
    {
        await using var server = await ServerFixture.StartAsync(server: o => o.AdminKey = AuthorizationMatrixTests.AdminKey);
        using var anonymous = server.ClientWithKey(null);

        var document = (await anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Contains("/api/collections/{collection}/search", paths);
        Assert.Contains("/v1/chat/completions", paths);
        Assert.Contains("/api/keys", paths);
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotEmpty(document["security"]!.AsArray());
    }

    [Fact]
    public void Validate_RefusesAShortAdminKeyAndBadOrigins()
    {
        Assert.Throws<ArgumentException>(() => new ServerOptions { AdminKey = "short" }.Validate());
        Assert.Throws<ArgumentException>(() => new ServerOptions { CorsOrigins = ["intranet"] }.Validate());
        Assert.Throws<ArgumentException>(() => new ServerOptions { RequestsPerMinute = 0 }.Validate());
    }

    [Fact]
    public void ApiCaller_Open_MayDoEverything_AndAKeyOnlyItsScopes()
    {
        var key = new ApiKey("k", "", ["hr"], ["read"], DateTimeOffset.UnixEpoch).ToCaller();

        Assert.True(ApiCaller.Open.Allows(ApiScope.Admin, null));
        Assert.True(key.Allows(ApiScope.Read, "hr"));
        Assert.True(key.Allows(ApiScope.Read, null));
        Assert.False(key.Allows(ApiScope.Read, "other"));
        Assert.False(key.Allows(ApiScope.Write, "hr"));
        Assert.False(key.Allows(ApiScope.Admin, null));
    }
}
