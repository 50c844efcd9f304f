using System.Diagnostics;
using System.Globalization;
using Docent.Benchmarks.Lexical;

namespace Docent.Benchmarks.Cluster;

/// <summary>
/// One `docent serve --cluster` process the benchmark starts: lexical only, no request limit, its output kept (the last
/// lines explain a failed start). Disposing kills it. Not thread-safe.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private SiloProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The silo's HTTP address.</summary>
    public Uri Address { get; }

    /// <summary>
    /// The arguments silo <paramref name="index"/> runs with (for the report too); with <paramref name="shards"/> 0, a plain
    /// `docent serve` of one data folder (the embedded baseline, no cluster).
    /// </summary>
    public static string[] Arguments(int index, int firstSiloPort, string dataFolder, string shardRoot, int shards) => shards == 0
        ? ["serve", "--data", dataFolder, "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{5300 + index}")]
        :
        [
            "serve", "--data", dataFolder,
            "--cluster", string.Create(CultureInfo.InvariantCulture, $"localhost:{firstSiloPort}"),
            "--silo-port", (firstSiloPort + index).ToString(CultureInfo.InvariantCulture),
            "--gateway-port", (30100 + index).ToString(CultureInfo.InvariantCulture),
            "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{5300 + index}"),
            "--shard-root", shardRoot,
            "--shards", shards.ToString(CultureInfo.InvariantCulture),
        ];

    /// <summary>Starts silo <paramref name="index"/>; <see cref="WaitReadyAsync"/> waits for it to serve.</summary>
    public static SiloProcess Start(DocentLauncher launcher, int index, int firstSiloPort, string dataFolder, string shardRoot, int shards)
    {
        var info = launcher.StartInfo(Arguments(index, firstSiloPort, dataFolder, shardRoot, shards));
        info.Environment["DOCENT_EMBEDDING__PATH"] = "none";
        info.Environment["DOCENT_SERVER__REQUESTSPERMINUTE"] = "100000000";
        info.Environment["DOCENT_SERVER__MAXUPLOADFILES"] = ClusterScaleBenchmark.UploadBatch.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start docent serve.");
        var silo = new SiloProcess(process, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{5300 + index}/")));
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits until the silo answers /health (it serves only after joining the cluster); throws with its last output when it exits or takes a minute.</summary>
    public async Task WaitReadyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "health"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"The silo at {Address} did not start: {string.Join(" | ", Snapshot())}");
    }

    /// <summary>The process's resident memory now, in bytes (Linux /proc; 0 where that is not readable).</summary>
    public long ResidentBytes()
    {
        string status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 20)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private string[] Snapshot()
    {
        lock (_lastLines)
        {
            return [.. _lastLines];
        }
    }
}
