using System.Diagnostics;
using System.Globalization;

namespace Docent.Benchmarks.Vectors;

/// <summary>
/// A peer vector search program kept running beside Docent and driven line by line over stdin/stdout (the serve
/// protocol of bench/vectors/hnswlib_bench.cpp): it loads its index once, then times the rounds it is asked for,
/// so its rounds can alternate with Docent's. Not thread-safe.
/// </summary>
public sealed class ServedPeer : IDisposable
{
    private readonly Process _process;
    private readonly string _name;

    private ServedPeer(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    /// <summary>Starts <paramref name="command"/> (program, then arguments) and waits until it says "ready".</summary>
    public static ServedPeer Start(IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"The peer program '{command[0]}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"The peer program '{command[0]}' could not be started: {e.Message}. Build it with bench/vectors/build_hnswlib_bench.sh.", e);
        }

        var peer = new ServedPeer(process, command[0]);
        try
        {
            string line = peer.ReadLine();
            if (!line.StartsWith("ready", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The peer program '{command[0]}' answered '{line}' instead of 'ready'.");
            }

            return peer;
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    /// <summary>The peer's recall@10 over the whole query set at <paramref name="ef"/>.</summary>
    public double Recall(int ef) => double.Parse(Ask($"recall {ef}", 3)[2], CultureInfo.InvariantCulture);

    /// <summary>
    /// Times <paramref name="queries"/> queries at <paramref name="ef"/> in the peer; returns its wall-clock and
    /// thread CPU seconds, as the peer measured them.
    /// </summary>
    public (double Wall, double Cpu) Time(int ef, int queries)
    {
        string[] answer = Ask($"time {ef} {queries}", 5);
        return (double.Parse(answer[3], CultureInfo.InvariantCulture), double.Parse(answer[4], CultureInfo.InvariantCulture));
    }

    /// <summary>Asks the peer to quit and waits for it; kills it when it does not quit within a few seconds.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Flush();
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill();
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // The peer is already gone.
        }

        _process.Dispose();
    }

    private string[] Ask(string request, int words)
    {
        _process.StandardInput.WriteLine(request);
        _process.StandardInput.Flush();
        string line = ReadLine();
        string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != words || parts[0] != request.Split(' ')[0])
        {
            throw new InvalidOperationException($"The peer program '{_name}' answered '{line}' to '{request}'.");
        }

        return parts;
    }

    private string ReadLine() =>
        _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"The peer program '{_name}' exited (code {(_process.WaitForExit(5000) ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "unknown")}) before answering.");
}
