using Docent.Models;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Models;

/// <summary>The remote model clients over real HTTP against an in-process OpenAI-compatible server.</summary>
public sealed class OpenAICompatibleClientTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IChatClient Client(int maxRetries = 2, double timeoutSeconds = 30, string? apiKey = "sk-test", HttpMessageHandler? transport = null) =>
        ModelClientFactory.CreateChatClient(
            new ChatModelSettings
            {
                Endpoint = _server.BaseUrl,
                Model = "fake-model",
                ApiKey = apiKey,
                MaxRetries = maxRetries,
                RetryDelaySeconds = 0.01,
                TimeoutSeconds = timeoutSeconds,
            },
            transport: transport);

    [Fact]
    public async Task Chat_SendsModelMessagesAndKey_ReturnsContent()
    {
        _server.Enqueue(FakeOpenAIServer.Chat("Twenty-five days [1]."));

        var response = await Client().GetResponseAsync([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "How many days?")]);

        Assert.Equal("Twenty-five days [1].", response.Text);
        var (path, body, authorization) = Assert.Single(_server.Requests);
        Assert.Equal("/v1/chat/completions", path);
        Assert.Equal("fake-model", body["model"]!.GetValue<string>());
        Assert.Equal("How many days?", body["messages"]![1]!["content"]!.GetValue<string>());
        Assert.Equal("Bearer sk-test", authorization);
    }

    [Fact]
    public async Task Calls_AreTraced_UnderTheDocentModelsActivitySource()
    {
        var activities = new List<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == ModelClientFactory.TelemetrySourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            // Other test classes run in parallel and call models too: keep only this server's calls.
            ActivityStopped = a =>
            {
                if (Equals(a.GetTagItem("server.port"), new Uri(_server.BaseUrl).Port))
                {
                    lock (activities)
                    {
                        activities.Add(a);
                    }
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        _server.Enqueue(FakeOpenAIServer.Chat("ok"));

        await Client().GetResponseAsync("hi");

        var activity = Assert.Single(activities);
        Assert.Equal("fake-model", activity.GetTagItem("gen_ai.request.model"));
    }

    [Fact]
    public async Task Streaming_YieldsPiecesInOrder()
    {
        _server.Enqueue(FakeOpenAIServer.ChatStream("Twenty", "-five ", "days [1]."));
        var pieces = new List<string>();

        await foreach (var update in Client().GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "How many days?")]))
        {
            if (!string.IsNullOrEmpty(update.Text))
            {
                pieces.Add(update.Text);
            }
        }

        Assert.Equal(["Twenty", "-five ", "days [1]."], pieces);
        Assert.True(Assert.Single(_server.Requests).Body["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TooManyRequests_IsRetried_ThenSucceeds()
    {
        _server.Enqueue(FakeOpenAIServer.Status(429, retryAfterSeconds: 0)).Enqueue(FakeOpenAIServer.Status(500)).Enqueue(FakeOpenAIServer.Chat("ok"));

        var response = await Client(maxRetries: 2).GetResponseAsync("hi");

        Assert.Equal("ok", response.Text);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task ServerError_AfterRetries_IsOneClearError()
    {
        _server.DefaultBehaviour = FakeOpenAIServer.Status(500);

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => Client(maxRetries: 2).GetResponseAsync("hi"));

        Assert.Equal(3, _server.Requests.Count);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Contains(_server.BaseUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains("fake-model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientError_IsNotRetried()
    {
        _server.DefaultBehaviour = FakeOpenAIServer.Status(401);

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => Client(maxRetries: 3).GetResponseAsync("hi"));

        Assert.Single(_server.Requests);
        Assert.Contains("HTTP 401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowServer_TimesOutPerAttempt_AndSaysSo()
    {
        _server.DefaultBehaviour = FakeOpenAIServer.Hang();

        // Attempts are counted where the client sends them: on a loaded machine a 0.2 s attempt can time out before the
        // server has even seen its request, so the server's count would race the clock.
        var attempts = 0;
        using var counting = new CountingHandler(() => Interlocked.Increment(ref attempts));
        var error = await Assert.ThrowsAsync<ModelUnavailableException>(
            () => Client(maxRetries: 1, timeoutSeconds: 0.2, transport: counting).GetResponseAsync("hi"));

        Assert.Equal(2, attempts);
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamThatStopsMidAnswer_IsGivenUp_AfterTheTimeout()
    {
        // The server sends one piece and then nothing, keeping the connection open. The timeout is generous so a
        // slow, loaded machine still gets the headers in time; whether the first piece is read before the stall is
        // detected depends on scheduling, so only the outcome is asserted.
        _server.Enqueue(FakeOpenAIServer.StreamThenHang("Twenty"));

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(async () =>
        {
            await foreach (var update in Client(maxRetries: 0, timeoutSeconds: 2).GetStreamingResponseAsync("hi"))
            {
                Assert.True(update.Text is "" or "Twenty", update.Text);
            }
        });

        Assert.Contains("stopped sending for 2 s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"choices\": 42}")]
    public async Task MalformedResponse_IsAClearError(string body)
    {
        _server.Enqueue(FakeOpenAIServer.Raw(body));

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => Client(maxRetries: 0).GetResponseAsync("hi"));

        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_StopsTheCall_WithoutTranslatingIt()
    {
        _server.DefaultBehaviour = FakeOpenAIServer.Hang();
        using var cancellation = new CancellationTokenSource();
        var call = Client().GetResponseAsync("hi", cancellationToken: cancellation.Token);

        await _server.RequestArrived.Task;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task RemoteEmbeddings_AreDecoded_AndCachedByContent()
    {
        _server.DefaultBehaviour = FakeOpenAIServer.Embeddings(text => [text.Length, 1, 0]);
        var settings = new EmbeddingModelSettings
        {
            Provider = EmbeddingModelSettings.OpenAIProvider,
            Endpoint = _server.BaseUrl,
            Model = "fake-embed",
            RetryDelaySeconds = 0.01,
        };
        var cache = new MemoryEmbeddingCache();
        var generator = new CachingEmbeddingGenerator(ModelClientFactory.CreateRemoteEmbeddingGenerator(settings), cache, settings.ModelId);

        var first = await generator.GenerateAsync(["abc", "abcdef", "abc"]);
        var second = await generator.GenerateAsync(["abcdef", "xy"]);

        Assert.Equal([3f, 1f, 0f], first[0].Vector.ToArray());
        Assert.Equal([6f, 1f, 0f], first[1].Vector.ToArray());
        Assert.Equal(first[0].Vector.ToArray(), first[2].Vector.ToArray());
        Assert.Equal([2f, 1f, 0f], second[1].Vector.ToArray());
        var requests = _server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal(2, requests[0].Body["input"]!.AsArray().Count); // "abc" once, however often it repeats
        Assert.Equal("xy", Assert.Single(requests[1].Body["input"]!.AsArray())!.GetValue<string>());
    }

    /// <summary>An in-memory cache, to test the decorator apart from SQLite.</summary>
    private sealed class MemoryEmbeddingCache : IEmbeddingCache
    {
        private readonly Dictionary<string, float[]> _entries = [];

        public Task<float[]?[]> GetManyAsync(string modelId, IReadOnlyList<byte[]> contentHashes, CancellationToken cancellationToken = default) =>
            Task.FromResult(contentHashes.Select(h => _entries.GetValueOrDefault(modelId + Convert.ToHexString(h))).ToArray());

        public Task PutManyAsync(string modelId, IReadOnlyList<(byte[] ContentHash, float[] Vector)> entries, CancellationToken cancellationToken = default)
        {
            foreach (var (hash, vector) in entries)
            {
                _entries[modelId + Convert.ToHexString(hash)] = vector;
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Counts the requests the client sends, then sends them over a real socket handler.</summary>
    private sealed class CountingHandler(Action onSend) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
