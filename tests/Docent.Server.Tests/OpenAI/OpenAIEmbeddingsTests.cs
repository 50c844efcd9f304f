using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Hosting;
using Docent.Tests.TestSupport;

namespace Docent.Server.Tests.OpenAI;

/// <summary><c>POST /v1/embeddings</c>: the collection's embedder through the OpenAI SDK (base64) and plain JSON (float), and the error without one.</summary>
public sealed class OpenAIEmbeddingsTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    /// <summary>A deterministic 4-dimensional vector: length, vowels, spaces and a constant.</summary>
    private static float[] Embed(string text) =>
        [text.Length, text.Count(c => "aeiou".Contains(c, StringComparison.Ordinal)), text.Count(c => c == ' '), 0.5f];

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync(
            configure: o =>
            {
                if (Path.GetFileName(Path.GetDirectoryName(o.DataDirectory)) == "collections")
                {
                    return; // other collections have no embedding model
                }

                o.MaintainVectors = true;
                o.Settings.Embedding.Path = "/unused"; // "configured"; the fake generator below replaces it
            },
            models: name => name == "default" ? new ModelServices { EmbeddingGenerator = new FakeEmbeddingGenerator(Embed), EmbeddingModelId = "fake-4" } : null);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sdk_EmbedsOneAndMany()
    {
        var client = OpenAISdk.Client(_server).GetEmbeddingClient("default");

        var one = (await client.GenerateEmbeddingAsync("annual leave")).Value;
        var many = (await client.GenerateEmbeddingsAsync(["a", "bee sting"])).Value;

        Assert.Equal(Embed("annual leave"), one.ToFloats().ToArray());
        Assert.Equal([0, 1], many.Select(e => e.Index));
        Assert.Equal(Embed("bee sting"), many[1].ToFloats().ToArray());
    }

    [Fact]
    public async Task FloatFormat_ReturnsNumbers()
    {
        var response = await _server.Client.PostAsJsonAsync("/v1/embeddings", new { model = "default", input = new[] { "annual leave" }, encoding_format = "float" });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Embed("annual leave"), json["data"]![0]!["embedding"]!.AsArray().Select(v => v!.GetValue<float>()));
        Assert.Equal(2, json["usage"]!["prompt_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task BadInput_And_CollectionWithoutEmbedder_AreOpenAIErrors()
    {
        _ = await _server.Client.PostAsJsonAsync("/api/collections", new { name = "plain" });

        var noEmbedder = await Assert.ThrowsAsync<ClientResultException>(() => OpenAISdk.Client(_server).GetEmbeddingClient("plain").GenerateEmbeddingAsync("x"));
        var tokens = await _server.Client.PostAsJsonAsync("/v1/embeddings", new { model = "default", input = new[] { new[] { 1, 2 } } });
        var error = JsonNode.Parse(await tokens.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(400, noEmbedder.Status);
        Assert.Contains("no embedding model", noEmbedder.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tokens.StatusCode);
        Assert.Equal("invalid_request_error", error["code"]!.GetValue<string>());
    }
}
