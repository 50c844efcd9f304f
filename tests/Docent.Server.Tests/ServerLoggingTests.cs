using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Hosting;
using Docent.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Docent.Server.Tests;

/// <summary>
/// The server's log is the host's: with the normal ASP.NET Core "Logging" configuration turning Docent up to Debug, the
/// upload, ask and delete endpoints and the engine's ingest and ask stages all log through it.
/// </summary>
public sealed class ServerLoggingTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly CollectingLoggerProvider _log = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = new ServerOptions(new ServerSettings()) { DataDirectory = _data.Path, Urls = "http://127.0.0.1:0" };
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
    }

    [Fact]
    public async Task Upload_ask_and_delete_log_through_the_hosts_logging()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("# Leave\n\nFull-time employees receive 25 days of annual leave each year.\n"), "files", "leave.md" },
        };
        var upload = await _client.PostAsync("/api/collections/default/documents", form);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var id = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["results"]![0]!["documentId"]!.GetValue<string>();
        var ask = await _client.PostAsJsonAsync("/api/collections/default/ask", new { question = "How many days of annual leave do full-time employees receive?" });
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/collections/default/documents/{id}")).StatusCode);

        var received = Assert.Single(_log.WithId(4000));
        Assert.Equal("default", received["Collection"]);
        Assert.Equal(1, received["Files"]);
        Assert.Equal(1, Assert.Single(_log.WithId(4002))["Stored"]);
        Assert.Equal("api", Assert.Single(_log.WithId(4006))["Endpoint"]);
        Assert.Equal(id, Assert.Single(_log.WithId(4004))["DocumentId"]);

        // The engine's events reach the same log: the upload's ingest and the question's stages.
        Assert.Contains(_log.Entries, e => e.Category == "Docent.Ingestion.IngestionPipeline" && e.EventId.Id == 1001);
        Assert.Contains(_log.Entries, e => e.Category == "Docent.Asking.AskPipeline" && e.EventId.Id == 3005);

        // Configuration decides the level: Debug here, so no Trace entry (question text) was written.
        Assert.DoesNotContain(_log.Entries, e => e.Level == LogLevel.Trace);
    }
}
