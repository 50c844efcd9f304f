using System.Diagnostics;

namespace Docent.Cli.Tests;

/// <summary>Runs the built `docent` CLI (docent.dll beside the tests) as a child process.</summary>
internal static class DocentProcess
{
    /// <summary>
    /// The CLI as its own project built it (not the copy beside the tests: this test project also references the
    /// ASP.NET Core framework for its fake model server, which changes how shared assemblies are copied here).
    /// </summary>
    public static string DllPath => Path.Combine(Docent.Tests.TestSupport.RepositoryPaths.Root(), "src", "Docent.Cli", "bin", Configuration, "net10.0", "docent.dll");

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("DOCENT_DATA");
        info.Environment.Remove("DOCENT_LOG_LEVEL"); // a developer's logging must not change what the tests read
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    /// <summary>Runs to completion (a generous guard against hangs, not a timing assertion).</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(StartInfo(args));

    /// <summary>Runs <paramref name="info"/> (from <see cref="StartInfo"/>, with a working folder or environment set) to completion.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
