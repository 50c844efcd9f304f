using System.Diagnostics;

namespace Docent.Tests.Ingestion;

/// <summary>Makes the special files .NET cannot create itself (FIFOs, names that are not UTF-8) with standard tools.</summary>
internal static class UnixFiles
{
    /// <summary>Creates a named pipe with mkfifo.</summary>
    public static string MakeFifo(string path)
    {
        Run("mkfifo", path);
        return path;
    }

    /// <summary>Writes "x" to <c>bad\xff.txt</c> in <paramref name="directory"/> (a name that is not valid UTF-8).</summary>
    public static void WriteNonUtf8Name(string directory) =>
        Run("/bin/sh", "-c", @"printf 'plain text' > ""$1/$(printf 'bad\377.txt')""", "sh", directory);

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {error}");
    }
}
