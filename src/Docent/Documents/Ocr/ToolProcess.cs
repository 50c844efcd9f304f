using System.Diagnostics;
using System.Text;

namespace Docent.Documents.Ocr;

/// <summary>
/// Runs a command-line tool (tesseract, pdftoppm) with bytes on its standard input, a time limit and a cap on what it may
/// write: past the limit, or when the caller cancels, the process and its children are killed. Returns the exit code,
/// the standard output and the start of the standard error. Stateless and thread-safe.
/// </summary>
internal static class ToolProcess
{
    /// <summary>What a finished tool run produced.</summary>
    public sealed record Result(int ExitCode, byte[] Output, string Errors);

    /// <summary>Thrown when the tool ran past its time limit (it has been killed).</summary>
    public sealed class TimedOutException(TimeSpan limit) : Exception($"stopped after {limit.TotalSeconds:0.#} s, its time limit")
    {
        public TimeSpan Limit { get; } = limit;
    }

    public static async Task<Result> RunAsync(
        string program, IEnumerable<string> arguments, ReadOnlyMemory<byte> input, TimeSpan timeLimit, long maxOutputBytes, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeLimit);
        try
        {
            var output = ReadCappedAsync(process.StandardOutput.BaseStream, maxOutputBytes, truncate: false, timeout.Token);
            var errors = ReadCappedAsync(process.StandardError.BaseStream, 16 * 1024, truncate: true, timeout.Token);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(input, timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The tool stopped reading (it rejected the input); its exit code and messages say why.
            }

            var outputBytes = await output.ConfigureAwait(false);
            var errorBytes = await errors.ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return new Result(process.ExitCode, outputBytes, Encoding.UTF8.GetString(errorBytes).Trim());
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimedOutException(timeLimit);
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    // Past maxBytes: with truncate the rest is read and dropped (messages), else the run fails (output).
    private static async Task<byte[]> ReadCappedAsync(Stream stream, long maxBytes, bool truncate, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                if (truncate)
                {
                    continue;
                }

                throw new InvalidDataException($"wrote more than {maxBytes / (1024 * 1024)} MiB of output");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
