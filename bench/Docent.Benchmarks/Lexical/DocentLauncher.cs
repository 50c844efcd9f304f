using System.Diagnostics;
using System.Reflection;

namespace Docent.Benchmarks.Lexical;

/// <summary>
/// How to start the `docent` program as a child process: its own executable (the apphost), or <c>dotnet docent.dll</c>
/// when it runs under the dotnet host (<c>dotnet run</c>, the tool package, the tests). Immutable.
/// </summary>
/// <param name="FileName">The program to start.</param>
/// <param name="Prefix">Arguments before the command's own (the assembly, under the dotnet host).</param>
public sealed record DocentLauncher(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>The launcher of the program running now, which must be `docent` (its entry assembly is started again).</summary>
    public static DocentLauncher ForThisProcess()
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown, so `docent` cannot be started again.");
        if (!Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return new DocentLauncher(host, []);
        }

        string assembly = Assembly.GetEntryAssembly()?.Location is { Length: > 0 } location
            ? location
            : throw new InvalidOperationException("This program runs under the dotnet host without a known entry assembly, so `docent` cannot be started again.");
        return new DocentLauncher(host, [assembly]);
    }

    /// <summary>A start description of <paramref name="arguments"/> with redirected output and no inherited data folder or log level.</summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Prefix.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("DOCENT_DATA");
        info.Environment.Remove("DOCENT_LOG_LEVEL");
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    /// <summary>The command line as a person would type it (for the report).</summary>
    public string Describe(IEnumerable<string> arguments) =>
        string.Join(' ', new[] { FileName }.Concat(Prefix).Concat(arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}
