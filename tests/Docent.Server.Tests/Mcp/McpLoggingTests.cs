using Docent.Hosting;
using Docent.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Docent.Server.Tests.Mcp;

/// <summary>
/// A tool call the server refuses (an unknown collection, an argument out of range or of the wrong type, a missing one) is the
/// caller's mistake: it is answered with a tool error that says what is wrong and logs at most one Information line, never an
/// error with a stack trace (the host's log captured here at every level).
/// </summary>
public sealed class McpLoggingTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly CollectingLoggerProvider _log = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private McpClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = new ServerOptions(new ServerSettings()) { DataDirectory = _data.Path, Urls = "http://127.0.0.1:0" };
        _app = DocentServer.Build(options, directory => new DocentOptions { DataDirectory = directory }, builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" });
            builder.Logging.AddProvider(_log);
        });
        await _app.StartAsync();
        _http = _app.GetTestClient();
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(_http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp }, _http, ownsHttpClient: false);
        _client = await McpClient.CreateAsync(transport);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    [Fact]
    public async Task AToolError_IsOneInformationLine_WithoutAStackTrace()
    {
        var before = _log.Entries.Count;
        var calls = new (Dictionary<string, object?> Arguments, string Says)[]
        {
            (new() { ["collection"] = "nope", ["query"] = "leave" }, "No collection \"nope\""),
            (new() { ["query"] = "leave", ["top"] = 99 }, "top must be between 1 and 50"),
            (new() { ["query"] = "leave", ["top"] = "many" }, "search's argument \"top\" must be an integer: How many passages"),
            (new() { ["top"] = 3 }, "search needs the argument \"query\""),
        };
        foreach (var (arguments, says) in calls)
        {
            var result = await _client.CallToolAsync("search", arguments);
            Assert.True(result.IsError);
            Assert.StartsWith(says, Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
        }

        // A string that reads as a number is still taken, as the SDK's binding takes it.
        Assert.NotEqual(true, (await _client.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = "leave", ["top"] = "3" })).IsError);

        var logged = _log.Entries.Skip(before).ToList();
        Assert.DoesNotContain(logged, e => e.Level >= LogLevel.Warning);
        Assert.DoesNotContain(logged, e => e.Exception is not null);
        var refusals = logged.Where(e => e.EventId.Id == 4030).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.Equal("search", refusals[0]["Tool"]);
        Assert.Contains("\"nope\"", (string)refusals[0]["Reason"]!, StringComparison.Ordinal);
    }
}
