using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests.Readme;

/// <summary>
/// Runs README commands through the real CLI (a child process per command, in README order, sharing one data folder)
/// inside a throw-away folder laid out like a user's machine:
/// <list type="bullet">
/// <item><c>work/</c>, the current folder: <c>./handbook</c> is a copy of samples/handbook plus <c>old.md</c> for the
/// <c>docs remove ./handbook/old.md</c> example; the data folder is the default <c>./.docent</c>.</item>
/// <item><c>home/</c>, the HOME (and <c>~</c>): <c>~/models/bge-small-en-v1.5</c> is the committed tiny ONNX embedding model.</item>
/// <item><c>shared/data/</c> beside <c>work/</c>: tiny stand-ins, written here, for the public datasets the README's
/// <c>../shared/data/…</c> paths name (a BEIR folder, a SQuAD file, the committed stories260K GGUF), so those lines run as written.</item>
/// <item><c>tmp/</c>, the TMPDIR (where <c>docent demo</c> puts its scratch data folder).</item>
/// </list>
/// <c>dotnet run --project src/Docent.Cli -c Release -- ARGS</c> runs as <c>docent ARGS</c> (the built docent.dll).
/// A chat model the README configures is answered by <see cref="ChatEndpoint"/> (DOCENT_CHAT__ENDPOINT overrides the
/// README's URL). <c>docent chat</c> reads one question from stdin. <c>docent serve</c> is started, asked for
/// <c>/health</c> once it says it is serving, and stopped; when its port is already taken on this machine it gets the
/// allow-listed commands' check instead. Commands in <see cref="AllowList"/> are not run: for a <c>docent</c> one,
/// <c>--help</c> of its command must still list every option the line uses. Not thread-safe: one command at a time.
/// </summary>
internal sealed class ReadmeSandbox : IDisposable
{
    /// <summary>Commands (by the start of their text) that are not run, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> AllowList = new Dictionary<string, string>
    {
        ["dotnet test Docent.slnx"] = "runs this very test suite (it is what .ci/run executes)",
        ["dotnet pack src/Docent.Cli"] = "packs four platform packages, about a minute; ToolPackageTests check the pack settings, docs/benchmarks.md records a pack and install",
        ["dotnet tool install --global"] = "changes the user's global tools and needs the pack output; docs/benchmarks.md records an install into a tool path",
        ["docent bench vectors --count 100000"] = "builds a 100,000-vector HNSW index, minutes; BenchContractTests run `bench vectors` small",
        ["docent watch ./handbook"] = "watches until Ctrl+C; WatchCliTests run `docent watch`, wait for its lines as files change and stop it",
        ["docent bench generation"] = "writes and times a random stories110M-sized model, minutes",
        ["docent serve --cluster localhost --silo-port 11112"] = "joins the silo of the line before, which the sandbox stops once it serves; ClusterServeCliTests run two silos together",
        ["docent serve --cluster redis://"] = "needs a Redis server at the README's address; RedisMembershipTests run silos on a real redis-server",
        ["docent ask \"What is the travel policy for trains?\" --chat-model ./qwen"] = "needs a 0.5B GGUF model the user downloads; LocalModelCliTests answer with --chat-model on the committed stories260K model",
    };

    private const string ChatQuestion = "How many vacation days do new employees get?";
    private static readonly string[] RunPrefix = ["dotnet", "run", "--project", "src/Docent.Cli", "-c", "Release", "--"];
    private readonly TempDirectory _root = new();

    public ReadmeSandbox()
    {
        Work = Directory.CreateDirectory(Path.Combine(_root.Path, "work")).FullName;
        Home = Directory.CreateDirectory(Path.Combine(_root.Path, "home")).FullName;
        Tmp = Directory.CreateDirectory(Path.Combine(_root.Path, "tmp")).FullName;

        CopyFolder(Path.Combine(RepositoryPaths.Samples, "handbook"), Path.Combine(Work, "handbook"));
        _root.Write("work/handbook/old.md", "# Old travel policy\n\nThis page was replaced by travel-and-expenses.pdf.\n");
        CopyFolder(RepositoryPaths.Fixture("onnx", "tiny-bert"), Path.Combine(Home, "models", "bge-small-en-v1.5"));

        _root.Write("shared/data/scifact/beir/corpus.jsonl", """
            {"_id": "d1", "title": "Volcanoes", "text": "Basalt lava flows from shield volcanoes."}
            {"_id": "d2", "title": "Glaciers", "text": "Glaciers carve fjords as they retreat."}
            """);
        _root.Write("shared/data/scifact/beir/queries.jsonl", """
            {"_id": "q1", "text": "shield volcanoes"}
            {"_id": "q2", "text": "fjords"}
            """);
        _root.Write("shared/data/scifact/beir/qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n");
        _root.Write("shared/data/squad-v1.1/dev-v1.1.json", """
            {"version": "1.1", "data": [{"title": "Lighthouses", "paragraphs": [
              {"context": "The Bell Rock Lighthouse was built by Robert Stevenson between 1807 and 1810.",
               "qas": [{"id": "a", "question": "Who built the Bell Rock Lighthouse?", "answers": [{"answer_start": 38, "text": "Robert Stevenson"}]}]}]}]}
            """);
        Directory.CreateDirectory(Path.Combine(_root.Path, "shared", "data", "stories260K"));
        File.Copy(RepositoryPaths.Fixture("stories260K", "stories260K.gguf"), Path.Combine(_root.Path, "shared", "data", "stories260K", "stories260K.gguf"));
    }

    public string Work { get; }

    public string Home { get; }

    public string Tmp { get; }

    /// <summary>The OpenAI-compatible base URL that answers chat models the README configures; none when null.</summary>
    public string? ChatEndpoint { get; set; }

    /// <summary>The allow-list reason for <paramref name="command"/>, or null when it is to be run.</summary>
    public static string? AllowListReason(ReadmeCommand command) =>
        AllowList.FirstOrDefault(e => command.Text.StartsWith(e.Key, StringComparison.Ordinal)).Value;

    /// <summary>Runs (or, when allow-listed, checks) one command; null when it did what the README says, else why not, naming the README line.</summary>
    public async Task<string?> RunAsync(ReadmeCommand command)
    {
        var where = $"README.md:{command.Line}: `{command.Text}`";
        var words = command.Words.Select(w => w.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Home, w[2..]) : w).ToList();
        if (AllowListReason(command) is not null)
        {
            return words[0] == "docent" ? await CheckHelpAsync(where, words[1..]) : null;
        }

        string[] args;
        if (words[0] == "docent")
        {
            args = [.. words.Skip(1)];
        }
        else if (words.Count >= RunPrefix.Length && words.Take(RunPrefix.Length).SequenceEqual(RunPrefix))
        {
            args = [.. words.Skip(RunPrefix.Length)];
        }
        else
        {
            return $"{where}: not run: only `docent …` and `{string.Join(' ', RunPrefix)} …` lines are run here; add it to ReadmeSandbox.AllowList with the reason";
        }

        if (args.FirstOrDefault() == "serve")
        {
            return await ServeAsync(where, args);
        }

        var (code, stdout, stderr) = await RunDocentAsync(args, args.FirstOrDefault() == "chat" ? ChatQuestion + "\n" : null);
        return code == command.ExpectedExitCode
            ? null
            : $"{where} exited {code}, the README expects {command.ExpectedExitCode}.\nstderr: {Tail(stderr)}\nstdout: {Tail(stdout)}";
    }

    public void Dispose() => _root.Dispose();

    /// <summary>`docent SUBCOMMAND --help` exits 0 and names every option the README line uses.</summary>
    private async Task<string?> CheckHelpAsync(string where, IReadOnlyList<string> args)
    {
        var subcommand = args.TakeWhile(a => a.Length > 0 && a.All(c => c is >= 'a' and <= 'z' or '-') && !a.StartsWith('-')).ToList();
        var (code, stdout, stderr) = await RunDocentAsync([.. subcommand, "--help"], null);
        if (code != 0)
        {
            return $"{where}: `docent {string.Join(' ', subcommand)} --help` exited {code}: {Tail(stderr)}";
        }

        var missing = args.Where(a => a.StartsWith('-') && a.Length > 1)
            .Select(a => a.Split('=')[0])
            .Where(option => !stdout.Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Contains(option))
            .ToList();
        return missing.Count == 0 ? null : $"{where}: `docent {string.Join(' ', subcommand)} --help` does not list {string.Join(", ", missing)}";
    }

    /// <summary>Starts `docent serve`, waits for its "serving" line, asks for /health, and stops it.</summary>
    private async Task<string?> ServeAsync(string where, string[] args)
    {
        var urlIndex = Array.IndexOf(args, "--urls");
        var url = new Uri(urlIndex >= 0 && urlIndex + 1 < args.Length ? args[urlIndex + 1] : Docent.Server.ServerOptions.DefaultUrl);
        if (!PortIsFree(url))
        {
            // Something on this machine (a developer's own `docent serve`) holds the README's port: check the command instead of failing on it.
            return await CheckHelpAsync(where, args);
        }

        using var process = Process.Start(StartInfo(args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new StringBuilder();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // a guard against hangs, not a timing assertion
        try
        {
            while (await process.StandardError.ReadLineAsync(guard.Token) is { } line)
            {
                stderr.AppendLine(line);
                if (line.Contains("is serving", StringComparison.Ordinal))
                {
                    using var http = new HttpClient();
                    using var health = await http.GetAsync(new Uri(url, "/health"), guard.Token);
                    return health.IsSuccessStatusCode ? null : $"{where}: serving, but GET /health answered {(int)health.StatusCode}";
                }
            }

            await process.WaitForExitAsync(guard.Token);
            return $"{where} exited {process.ExitCode} before serving.\nstderr: {Tail(stderr.ToString())}\nstdout: {Tail(await stdout)}";
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunDocentAsync(string[] args, string? stdin)
    {
        using var process = Process.Start(StartInfo(args))!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // a guard against hangs, not a timing assertion
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private ProcessStartInfo StartInfo(string[] args)
    {
        var info = DocentProcess.StartInfo(args);
        info.WorkingDirectory = Work;
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("DOCENT_", StringComparison.Ordinal) || k == "OPENAI_API_KEY").ToList())
        {
            info.Environment.Remove(name); // a developer's own settings must not change what the README's commands do
        }

        info.Environment["HOME"] = Home;
        info.Environment["TMPDIR"] = Tmp;
        if (ChatEndpoint is not null)
        {
            info.Environment["DOCENT_CHAT__ENDPOINT"] = ChatEndpoint;
            info.Environment["DOCENT_CHAT__RETRYDELAYSECONDS"] = "0.01";
        }

        return info;
    }

    private static bool PortIsFree(Uri url)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, url.Port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : "…" + text[^2000..].Trim();

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
