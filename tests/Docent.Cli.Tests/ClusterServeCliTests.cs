using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>
/// `docent serve --cluster` as people run it: two silo processes on loopback share one shard root; files uploaded
/// through one silo are found, answered and cited through the other (REST and the OpenAI endpoint); the shards endpoint
/// says where each shard is, and a rebalance spreads them over both silos; a bad membership setting is one clear line.
/// </summary>
public sealed class ClusterServeCliTests
{
    [Fact]
    public async Task TwoSilosServeOneShardedCollectionThroughEitherSilo()
    {
        using var dir = new TempDirectory();
        int primary = FreePort();
        string shardRoot = Path.Combine(dir.Path, "shards");
        using var first = await SiloAsync(dir, "a", primary, primary, shardRoot);
        using var second = await SiloAsync(dir, "b", primary, FreePort(), shardRoot);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };

        using var form = new MultipartFormDataContent();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Samples, "handbook")))
        {
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(file)), "files", Path.GetFileName(file));
        }

        var upload = await http.PostAsync(new Uri(second.Address, "api/collections/default/documents"), form);
        string uploaded = await upload.Content.ReadAsStringAsync();
        Assert.True(upload.IsSuccessStatusCode, uploaded);
        Assert.DoesNotContain("\"failed\"", uploaded, StringComparison.Ordinal);

        var moves = await http.PostAsync(new Uri(first.Address, "api/collections/default/shards/rebalance"), null);
        Assert.True(moves.IsSuccessStatusCode, await moves.Content.ReadAsStringAsync());
        using var shards = JsonDocument.Parse(await http.GetStringAsync(new Uri(first.Address, "api/collections/default/shards")));
        var summaries = shards.RootElement.EnumerateArray().ToList();
        Assert.Equal(4, summaries.Count);
        Assert.Equal(7, summaries.Sum(s => s.GetProperty("documents").GetInt32()));
        Assert.Equal([2, 2], summaries.GroupBy(s => s.GetProperty("silo").GetString()).Select(g => g.Count()));

        var search = await http.GetStringAsync(new Uri(first.Address, "api/collections/default/search?q=holiday%20days&top=3"));
        Assert.Contains("leave-policy.docx", search, StringComparison.Ordinal);

        var chat = await http.PostAsJsonAsync(new Uri(first.Address, "v1/chat/completions"), new
        {
            model = "default",
            messages = new[] { new { role = "user", content = "How many days of holiday do I get each year?" } },
        });
        string answer = await chat.Content.ReadAsStringAsync();
        Assert.True(chat.IsSuccessStatusCode, answer);
        Assert.Contains("27 days", answer, StringComparison.Ordinal);
        Assert.Contains("leave-policy.docx", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadOrUnreachableMembershipIsOneClearError()
    {
        using var dir = new TempDirectory();
        var (exitCode, _, stderr) = await DocentProcess.RunAsync("serve", "--data", dir.Path, "--cluster", "zookeeper://somewhere");
        Assert.Equal(1, exitCode);
        Assert.Contains("is not a cluster membership", stderr, StringComparison.Ordinal);
        Assert.Contains("redis://HOST:PORT", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);

        // A Redis that is not there: the silo cannot start, and says why in one line.
        string nowhere = "redis://127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture);
        (exitCode, _, stderr) = await DocentProcess.RunAsync(
            "serve", "--data", dir.Path, "--cluster", nowhere, "--silo-port", FreePort().ToString(CultureInfo.InvariantCulture),
            "--gateway-port", FreePort().ToString(CultureInfo.InvariantCulture), "--urls", "http://127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(1, exitCode);
        Assert.Contains($"Could not join the cluster ({nowhere}", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a silo and returns once it says it serves (it serves only after joining the cluster).</summary>
    private static async Task<Silo> SiloAsync(TempDirectory dir, string name, int primary, int siloPort, string shardRoot)
    {
        int web = FreePort();
        var info = DocentProcess.StartInfo(
            "serve", "--data", Path.Combine(dir.Path, name),
            "--cluster", "localhost:" + primary.ToString(CultureInfo.InvariantCulture),
            "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture),
            "--gateway-port", FreePort().ToString(CultureInfo.InvariantCulture),
            "--urls", "http://127.0.0.1:" + web.ToString(CultureInfo.InvariantCulture),
            "--shard-root", shardRoot, "--shards", "4");
        info.Environment["DOCENT_EMBEDDING__PATH"] = "none";
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        _ = process.StandardOutput.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var seen = new List<string>();
        while (await process.StandardError.ReadLineAsync(guard.Token) is { } line)
        {
            seen.Add(line);
            if (line.StartsWith("It is silo ", StringComparison.Ordinal))
            {
                _ = process.StandardError.ReadToEndAsync();
                return new Silo(process, new Uri("http://127.0.0.1:" + web.ToString(CultureInfo.InvariantCulture) + "/"));
            }
        }

        throw new InvalidOperationException("The silo did not start: " + string.Join(" | ", seen));
    }

    private sealed class Silo(Process process, Uri address) : IDisposable
    {
        public Uri Address { get; } = address;

        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            process.Dispose();
        }
    }
}
