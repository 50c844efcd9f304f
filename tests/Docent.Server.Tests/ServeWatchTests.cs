using System.Text.Json.Nodes;
using Docent.Hosting;
using Docent.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Docent.Server.Tests;

/// <summary>
/// <c>serve --watch</c>: a server given <see cref="ServerOptions.WatchFolders"/> keeps its default collection in step with them,
/// catching up on start and following changes, and logs each sync (events 4010–4012).
/// </summary>
public sealed class ServeWatchTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _data = new();
    private readonly TempDirectory _docs = new();
    private readonly CollectingLoggerProvider _log = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _docs.Write("travel.md", "# Travel\n\nEmployees book trains for trips under 600 km.\n");
        var options = new ServerOptions(new ServerSettings())
        {
            DataDirectory = _data.Path,
            Urls = "http://127.0.0.1:0",
            WatchFolders = [_docs.Path],
            WatchDebounce = TimeSpan.FromMilliseconds(100),
        };
        _app = DocentServer.Build(options, directory => new DocentOptions { DataDirectory = directory }, builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Docent"] = "Debug" });
            builder.Logging.AddProvider(_log);
        });
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
        _docs.Dispose();
    }

    [Fact]
    public async Task The_default_collection_follows_a_watched_folder_and_each_sync_is_logged()
    {
        var started = await _log.WaitForAsync(e => e.EventId.Id == 4010, Guard);
        Assert.Equal("default", started["Collection"]);
        var catchUp = await _log.WaitForAsync(e => e.EventId.Id == 4011 && (string?)e["Trigger"] == "CatchUp", Guard);
        Assert.Equal(1, catchUp["Added"]);

        var leave = _docs.Write("leave.md", "# Leave\n\nFull-time employees receive 25 days of annual leave each year.\n");
        var change = await _log.WaitForAsync(e => e.EventId.Id == 4012 && (string?)e["Change"] == "Added" && ((string?)e["Source"])!.EndsWith("leave.md", StringComparison.Ordinal), Guard);
        Assert.Equal($"{Path.GetFileName(_docs.Path)}/leave.md", change["Source"]);

        var search = await _client.GetStringAsync("/api/collections/default/search?q=annual+leave");
        var results = JsonNode.Parse(search)!["results"]!.AsArray();
        Assert.Equal($"{Path.GetFileName(_docs.Path)}/leave.md", results[0]!["source"]!.GetValue<string>());
        Assert.True(File.Exists(leave));
    }
}
