using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>
/// The lost-index scenario across real processes: `docent serve` loads its index, `docent ingest` (a second process)
/// adds documents to the same data folder and trims the change log, then a file is uploaded through the server.
/// Every chunk must stay indexed and every document findable, from the CLI and from the server.
/// </summary>
public sealed class ConcurrentWritersCliTests
{
    [Fact]
    public async Task Cli_ingest_while_the_server_holds_the_folder_then_an_upload_loses_nothing()
    {
        using var temp = new TempDirectory();
        var data = Path.Combine(temp.Path, "data");
        for (var i = 1; i <= 5; i++)
        {
            temp.Write($"seed/s{i}.md", $"# Seed {i}\n\nSeed document {i} mentions the lighthouse keeper.\n");
        }

        for (var i = 1; i <= 3; i++)
        {
            temp.Write($"cli/c{i}.txt", $"The clionlymarker{i} paragraph was ingested from the command line.\n");
        }

        Assert.Equal(0, (await DocentProcess.RunAsync("ingest", Path.Combine(temp.Path, "seed"), "--data", data, "--json")).ExitCode);

        await using var server = await ServerProcess.StartAsync(data);
        using var http = new HttpClient { BaseAddress = server.Address };
        Assert.Contains("lighthouse", FirstResult(await http.GetStringAsync("/api/collections/default/search?q=lighthouse&top=1")), StringComparison.Ordinal);

        var cli = await DocentProcess.RunAsync("ingest", Path.Combine(temp.Path, "cli"), "--data", data, "--json");
        Assert.True(cli.ExitCode == 0, cli.Stderr);

        using (var form = new MultipartFormDataContent())
        {
            form.Add(new StringContent("upload apionlymarker document"), "files", "u.txt");
            using var upload = await http.PostAsync(new Uri("/api/collections/default/documents", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        // The server finds what the CLI ingested after it loaded its index.
        Assert.Contains("clionlymarker2", FirstResult(await http.GetStringAsync("/api/collections/default/search?q=clionlymarker2&top=1")), StringComparison.Ordinal);
        await server.DisposeAsync();

        var stats = JsonDocument.Parse((await DocentProcess.RunAsync("stats", "--data", data, "--json")).Stdout).RootElement;
        Assert.Equal(stats.GetProperty("chunks").GetInt64(), stats.GetProperty("indexedChunks").GetInt64());
        foreach (var marker in new[] { "clionlymarker1", "clionlymarker2", "clionlymarker3", "apionlymarker" })
        {
            var search = await DocentProcess.RunAsync("search", marker, "--data", data, "--json", "--top", "1");
            Assert.Contains(marker, FirstResult(search.Stdout), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Hostile_uploads_cost_one_file_and_the_server_stays_healthy()
    {
        using var temp = new TempDirectory();
        var data = Path.Combine(temp.Path, "data");
        await using var server = await ServerProcess.StartAsync(data);
        using var http = new HttpClient { BaseAddress = server.Address };
        var tables = "<html><body>" + string.Concat(Enumerable.Repeat("<table><tr><td>", 10_000)) + "x";
        var divs = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 50_000)) + "x";

        using (var form = new MultipartFormDataContent())
        {
            form.Add(new StringContent(tables), "files", "tables.html");
            form.Add(new StringContent(divs), "files", "divs.html");
            form.Add(new StringContent("The surviving upload mentions the harbourmaster."), "files", "good.txt");
            using var upload = await http.PostAsync(new Uri("/api/collections/default/documents", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("harbourmaster", FirstResult(await http.GetStringAsync("/api/collections/default/search?q=harbourmaster&top=1")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_ingest_says_it_waits_for_another_writer_and_ingests_once_the_lock_is_released()
    {
        using var temp = new TempDirectory();
        var data = Path.Combine(temp.Path, "data");
        var docs = Path.Combine(temp.Path, "docs");
        temp.Write("docs/one.md", "# One\n\nThe waiting writer stores this line.\n");
        var held = Docent.Storage.DataFolderLock.Acquire(data);

        using var process = Process.Start(DocentProcess.StartInfo("ingest", docs, "--data", data, "--json"))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var waiting = await process.StandardError.ReadLineAsync(guard.Token);
        held.Dispose(); // the other writer finishes
        var rest = await process.StandardError.ReadToEndAsync(guard.Token);
        await process.WaitForExitAsync(guard.Token);

        Assert.Contains("Another docent process", waiting, StringComparison.Ordinal);
        Assert.Contains("waiting up to 30 s", waiting, StringComparison.Ordinal);
        Assert.True(process.ExitCode == 0, rest);
        Assert.Equal(1, JsonDocument.Parse(await stdout).RootElement.GetProperty("added").GetInt32());
    }

    /// <summary>The first search result as JSON text (the response also echoes the query, which must not count).</summary>
    private static string FirstResult(string json)
    {
        var results = JsonDocument.Parse(json).RootElement.GetProperty("results");
        return results.GetArrayLength() == 0 ? "" : results[0].GetRawText();
    }

    /// <summary>`docent serve` as a child process on a free loopback port, stopped on dispose.</summary>
    private sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private bool _stopped;

        private ServerProcess(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<ServerProcess> StartAsync(string data)
        {
            var port = FreePort();
            var address = new Uri($"http://127.0.0.1:{port}");
            var process = Process.Start(DocentProcess.StartInfo("serve", "--data", data, "--urls", address.ToString().TrimEnd('/')))!;
            process.StandardInput.Close();
            _ = process.StandardOutput.ReadToEndAsync();
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            // `docent serve` writes this line once it listens.
            while (await process.StandardError.ReadLineAsync(guard.Token) is { } line)
            {
                if (line.StartsWith("Docent is serving", StringComparison.Ordinal))
                {
                    _ = process.StandardError.ReadToEndAsync();
                    return new ServerProcess(process, address);
                }
            }

            throw new InvalidOperationException($"docent serve exited ({(process.HasExited ? process.ExitCode : -1)}) before listening.");
        }

        public async ValueTask DisposeAsync()
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
