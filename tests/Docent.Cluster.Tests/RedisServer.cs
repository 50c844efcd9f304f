using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Docent.Cluster.Tests;

/// <summary>A throw-away redis-server on a free loopback port, with no persistence; disposing stops it.</summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The redis-server program on the PATH, or null.</summary>
    public static string? FindProgram() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts a server and returns once it says it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        string program = FindProgram() ?? throw new InvalidOperationException("redis-server is not installed.");
        int port = FreePort();
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                // Keep draining its output so it never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync();
                return new RedisServer(process, port);
            }
        }

        throw new InvalidOperationException("redis-server exited before accepting connections: " + await process.StandardError.ReadToEndAsync());
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
