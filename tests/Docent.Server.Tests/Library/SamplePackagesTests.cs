using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Docent.Tests.TestSupport;

namespace Docent.Server.Tests.Library;

/// <summary>
/// The library packages as an application outside this repository gets them: <c>dotnet pack src/Docent.Packages.proj</c> (the
/// projects as built, under a version of its own so no cached package stands in), then samples/console and samples/web copied
/// out of the checkout, restored from that feed and built, the console sample run on the handbook and the web sample started
/// and asked over HTTP. Third-party packages come from the machine's package folder (a fallback folder; restore still asks the
/// configured sources for what is missing), and the test's own packages land in a temporary packages folder it deletes.
/// About a minute.
/// </summary>
public sealed partial class SamplePackagesTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(4); // a guard against hangs, not a timing assertion

    [Fact]
    public async Task PackedLibrariesBuildAndRunBothSamples()
    {
        using var root = new TempDirectory();
        var feed = Path.Combine(root.Path, "feed");
        var samples = Path.Combine(root.Path, "samples");
        var packages = Path.Combine(root.Path, "packages");
        var data = Path.Combine(root.Path, "data");
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var repository = RepositoryPaths.Root();

        await RunAsync(repository, null,
            "pack", Path.Combine(repository, "src", "Docent.Packages.proj"), "-c", Configuration, "--no-build", $"-p:PackageOutputPath={feed}", $"-p:PackageVersion={version}");
        var packed = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [$"Docent.{version}.nupkg", $"Docent.Abstractions.{version}.nupkg", $"Docent.Models.Onnx.{version}.nupkg", $"Docent.Server.{version}.nupkg"],
            packed);

        CopySamples(Path.Combine(repository, "samples"), samples);
        await File.WriteAllTextAsync(Path.Combine(samples, "nuget.config"),
            $"""
             <?xml version="1.0" encoding="utf-8"?>
             <configuration>
               <packageSources>
                 <add key="docent-test" value="{feed}" />
               </packageSources>
             </configuration>
             """);
        string[] restore =
        [
            "-c", "Release", $"-p:DocentVersion={version}", $"-p:RestorePackagesPath={packages}",
            $"-p:RestoreAdditionalProjectFallbackFolders={GlobalPackagesFolder()}",
        ];
        await Task.WhenAll(
            RunAsync(samples, null, ["build", "console", .. restore]),
            RunAsync(samples, null, ["build", "web", .. restore]));

        // The console sample: AddDocent, ingest the handbook, ask through IChatClient, print the answer and its citations.
        var console = await RunAsync(samples, new() { ["DOCENT_DATA"] = data },
            Path.Combine("console", "bin", "Release", "net10.0", "Docent.Samples.Console.dll"), Path.Combine(repository, "samples", "handbook"));
        Assert.Contains("Ingested", console, StringComparison.Ordinal);
        Assert.Contains("7 added", console, StringComparison.Ordinal);
        Assert.Matches(@"A: .*27 days of paid annual leave.*\[1\]", console);
        Assert.Matches(@"\[1\] handbook/leave-policy\.docx \(Leave Policy\): "".*27 days of paid annual leave", console);

        // The web sample: Docent's endpoints mapped into the app, beside its own /faq, over the folder the console sample filled.
        using var web = Start(samples, new() { ["DOCENT_DATA"] = data },
            Path.Combine("web", "bin", "Release", "net10.0", "Docent.Samples.Web.dll"), "--urls", "http://127.0.0.1:0");
        try
        {
            var address = await web.Listening.Task.WaitAsync(Guard);
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var collections = await http.GetStringAsync("/api/collections");
            Assert.Contains("\"documents\":7", collections, StringComparison.Ordinal);
            var faq = await http.GetStringAsync("/faq?q=" + Uri.EscapeDataString("How long does my password have to be?"));
            Assert.Contains("at least 16 characters long", faq, StringComparison.Ordinal);
            Assert.Contains("handbook/it-support.html", faq, StringComparison.Ordinal);
            Assert.Contains("<title>", await http.GetStringAsync("/"), StringComparison.Ordinal);
        }
        finally
        {
            web.Stop();
        }
    }

    /// <summary>The samples as a user would copy them: the projects and their shared props, without anything built in place.</summary>
    private static void CopySamples(string from, string to)
    {
        Directory.CreateDirectory(to);
        File.Copy(Path.Combine(from, "Directory.Build.props"), Path.Combine(to, "Directory.Build.props"));
        foreach (var project in (string[])["console", "web"])
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(from, project), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
                File.Copy(file, Path.Combine(to, relative));
            }
        }
    }

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static ProcessStartInfo Info(string directory, Dictionary<string, string>? environment, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? [])
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static async Task<string> RunAsync(string directory, Dictionary<string, string>? environment, params string[] args)
    {
        using var process = Process.Start(Info(directory, environment, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(Guard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited {process.ExitCode}:\n{output}");
        return output;
    }

    private static RunningApp Start(string directory, Dictionary<string, string>? environment, params string[] args)
    {
        var process = Process.Start(Info(directory, environment, args))!;
        var app = new RunningApp(process);
        process.OutputDataReceived += (_, e) => app.Read(e.Data);
        process.ErrorDataReceived += (_, e) => app.Read(e.Data);
        process.Exited += (_, _) => app.Listening.TrySetException(new InvalidOperationException("The web sample exited before listening:\n" + app.Output));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>A started sample app: its output so far, and the address it listens on once it says so.</summary>
    private sealed class RunningApp(Process process) : IDisposable
    {
        private readonly StringBuilder _output = new();

        public TaskCompletionSource<string> Listening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (ListeningLine().Match(line) is { Success: true } match)
            {
                Listening.TrySetResult(match.Groups[1].Value);
            }
        }

        public void Stop()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }

        public void Dispose()
        {
            Stop();
            process.Dispose();
        }
    }
}
