using Docent.Hosting;
using Docent.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Docent.Server.Tests;

/// <summary>
/// The request log (server.requestLog): on, each HTTP request is one Information line — method, path, status, milliseconds —
/// with no query string and no key, even though the server's default level is Warning; off (the default), none, even with
/// every level turned on.
/// </summary>
public sealed class RequestLogTests
{
    private const string Key = "an-admin-key-long-enough-0123456789";

    [Fact]
    public async Task On_EachRequestIsOneLine_WithoutItsQueryOrKey()
    {
        var log = new CollectingLoggerProvider();
        await using var server = await StartAsync(new ServerSettings { RequestLog = true }, log, traceEverything: false);
        using var client = server.GetTestClient();

        (await client.GetAsync("/api/collections")).EnsureSuccessStatusCode();
        await client.GetAsync("/api/collections/default/search?q=secret+salary+bands");
        await client.GetAsync("/api/collections/nope/documents");

        var lines = log.WithId(4032);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(LogLevel.Information, l.Level));
        Assert.All(lines, l => Assert.Equal("Docent.Server.RequestLog", l.Category));
        Assert.Equal(("GET", "/api/collections", 200), ((string)lines[0]["Method"]!, (string)lines[0]["Path"]!, (int)lines[0]["StatusCode"]!));
        Assert.Equal("/api/collections/default/search", lines[1]["Path"]);
        Assert.Equal(404, lines[2]["StatusCode"]);
        Assert.All(lines, l => Assert.True((double)l["ElapsedMs"]! >= 0));
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains("secret", StringComparison.Ordinal) || e.Message.Contains(Key, StringComparison.Ordinal));

        // The server's default level stays Warning for everything else.
        Assert.DoesNotContain(log.Entries, e => e.Level < LogLevel.Warning && e.EventId.Id != 4032);
    }

    [Fact]
    public async Task Off_ByDefault_NoRequestLines_EvenAtTrace()
    {
        var log = new CollectingLoggerProvider();
        await using var server = await StartAsync(new ServerSettings(), log, traceEverything: true);
        using var client = server.GetTestClient();

        (await client.GetAsync("/api/collections")).EnsureSuccessStatusCode();

        Assert.Empty(log.WithId(4032));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Trace || e.Level == LogLevel.Debug);
    }

    private static async Task<RunningServer> StartAsync(ServerSettings settings, CollectingLoggerProvider log, bool traceEverything)
    {
        var data = new TempDirectory();
        var options = new ServerOptions(settings) { DataDirectory = data.Path, Urls = "http://127.0.0.1:0", AdminKey = Key };
        var app = DocentServer.Build(options, directory => new DocentOptions { DataDirectory = directory }, builder =>
        {
            builder.WebHost.UseTestServer();
            if (traceEverything)
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" });
            }

            builder.Logging.AddProvider(log);
        });
        await app.StartAsync();
        return new RunningServer(app, data);
    }

    /// <summary>A started server and its data folder; disposing stops both.</summary>
    private sealed class RunningServer(WebApplication app, TempDirectory data) : IAsyncDisposable
    {
        /// <summary>A client that sends the admin key.</summary>
        public HttpClient GetTestClient()
        {
            var client = app.GetTestClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Dispose();
        }
    }
}
