using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Server.Security;
using Docent.Tests.TestSupport;

namespace Docent.Server.Tests.Security;

/// <summary>Keys: created by the admin (secret shown once), listed without secrets, stored hashed, deleted; how refusals read.</summary>
public sealed class KeyManagementTests : IAsyncLifetime
{
    private ServerFixture _server = null!;
    private Dictionary<string, string> _keys = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync(server: o => o.AdminKey = AuthorizationMatrixTests.AdminKey);
        _keys = await AuthorizationMatrixTests.SetUpAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CreatedKey_IsShownOnce_ListedWithoutSecret_AndNeverWrittenToDisk()
    {
        using var admin = _server.ClientWithKey(AuthorizationMatrixTests.AdminKey);
        var listed = await admin.GetStringAsync("/api/keys");
        var file = await File.ReadAllTextAsync(Path.Combine(_server.Data.Path, ApiKeyStore.FileName));

        Assert.All(_keys.Where(k => k.Key != "admin"), k => Assert.StartsWith("docent_", k.Value, StringComparison.Ordinal));
        foreach (var secret in _keys.Values)
        {
            Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, file, StringComparison.Ordinal);
        }

        var names = JsonNode.Parse(listed)!.AsArray().Select(k => k!["name"]!.GetValue<string>());
        Assert.Equal(["hr-read", "hr-write", "other-rw"], names);
        Assert.Contains("\"hash\"", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedKey_IsRefused()
    {
        using var admin = _server.ClientWithKey(AuthorizationMatrixTests.AdminKey);
        using var reader = _server.ClientWithKey(_keys["hr-read"]);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/collections/hr/documents")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/keys/hr-read")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/api/collections/hr/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/keys/hr-read")).StatusCode);
    }

    [Fact]
    public async Task KeysFile_IsReadAgainOnRestart()
    {
        var store = new ApiKeyStore(_server.Data.Path, adminKey: null);

        Assert.False(store.IsOpen);
        Assert.Equal("hr-read", store.Authenticate(_keys["hr-read"])!.Name);
        Assert.Null(store.Authenticate(_keys["hr-read"] + "x"));
        Assert.Null(store.Authenticate(AuthorizationMatrixTests.AdminKey));
    }

    [Theory]
    [InlineData("{\"name\":\"hr-read\",\"collections\":\"*\",\"scopes\":[\"read\"]}", HttpStatusCode.Conflict, "exists already")]
    [InlineData("{\"name\":\"Bad Name\",\"collections\":\"*\",\"scopes\":[\"read\"]}", HttpStatusCode.BadRequest, "not a key name")]
    [InlineData("{\"name\":\"admin\",\"collections\":\"*\",\"scopes\":[\"read\"]}", HttpStatusCode.BadRequest, "not a key name")]
    [InlineData("{\"name\":\"x\",\"collections\":\"*\",\"scopes\":[\"admin\"]}", HttpStatusCode.BadRequest, "scopes")]
    [InlineData("{\"name\":\"x\",\"collections\":[\"../etc\"],\"scopes\":[\"read\"]}", HttpStatusCode.BadRequest, "collections")]
    public async Task BadKeyRequests_AreRefusedByName(string body, HttpStatusCode status, string detail)
    {
        using var admin = _server.ClientWithKey(AuthorizationMatrixTests.AdminKey);

        var response = await admin.PostAsync("/api/keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoKey_Is401ProblemWithBearerChallenge_AndOpenAIShapeUnderV1()
    {
        using var anonymous = _server.ClientWithKey(null);

        var api = await anonymous.GetAsync("/api/collections");
        var v1 = await anonymous.GetAsync("/v1/models");
        var v1Error = JsonNode.Parse(await v1.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Bearer", api.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, v1.StatusCode);
        Assert.Equal("invalid_api_key", v1Error["code"]!.GetValue<string>());
        Assert.Contains("Authorization: Bearer", v1Error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task XApiKeyHeader_Works_AndRefusalsNameWhatIsMissing()
    {
        using var client = _server.ClientWithKey(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", _keys["hr-read"]);

        var allowed = await client.GetAsync("/api/collections/hr/documents");
        var wrongCollection = JsonNode.Parse(await (await client.GetAsync("/api/collections/other/documents")).Content.ReadAsStringAsync())!;
        var wrongScope = JsonNode.Parse(await (await client.DeleteAsync("/api/collections/hr/documents/x")).Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(403, wrongCollection["status"]!.GetValue<int>());
        Assert.Contains("does not cover collection \"other\"", wrongCollection["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("lacks the \"write\" scope on collection \"hr\"", wrongScope["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectionsAndModels_AreListedOnlyWhereTheKeyReads()
    {
        using var reader = _server.ClientWithKey(_keys["hr-read"]);

        var collections = await reader.GetFromJsonAsync<JsonArray>("/api/collections");
        var models = await reader.GetFromJsonAsync<JsonObject>("/v1/models");

        Assert.Equal(["hr"], collections!.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(["hr"], models!["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task OpenServer_RefusesToCreateKeys()
    {
        await using var open = await ServerFixture.StartAsync();

        var response = await open.Client.PostAsJsonAsync("/api/keys", new { name = "bot", collections = "*", scopes = new[] { "read" } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.False(File.Exists(Path.Combine(open.Data.Path, ApiKeyStore.FileName)));
    }

    [Fact]
    public void Store_WithoutAdminKeyOrFile_IsOpen()
    {
        using var data = new TempDirectory();

        Assert.True(new ApiKeyStore(data.Path, null).IsOpen);
        Assert.False(new ApiKeyStore(data.Path, AuthorizationMatrixTests.AdminKey).IsOpen);
    }

    [Theory]
    [InlineData("{\"version\": 1, \"keys\": [")]
    [InlineData("{\"version\": 2, \"keys\": []}")]
    [InlineData("{\"version\": 1, \"keys\": [{\"name\":\"x\",\"hash\":\"\",\"collections\":[\"*\"],\"scopes\":[\"admin\"],\"created\":\"2026-01-01T00:00:00Z\"}]}")]
    public void DamagedOrNewerKeysFile_IsRefusedNamingTheFile(string content)
    {
        using var data = new TempDirectory();
        File.WriteAllText(Path.Combine(data.Path, ApiKeyStore.FileName), content);

        var error = Assert.Throws<InvalidDataException>(() => new ApiKeyStore(data.Path, null));

        Assert.Contains(ApiKeyStore.FileName, error.Message, StringComparison.Ordinal);
    }
}
