using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docent.Hosting;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>
/// A newcomer's first mistakes get one clear line and a non-zero exit: reading where nothing was ingested (and no data
/// folder is created for it), ingesting nothing, an empty query, unparseable options and settings, a busy port; with
/// --json every one of them is exactly one JSON error object on stdout.
/// </summary>
public sealed class FirstRunErrorTests : IDisposable
{
    private const string NoDocuments = "No documents in ./.docent — run `docent ingest <folder>` first.";

    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string DefaultData => Path.Combine(_work.Path, DocentOptions.DefaultDataDirectory);

    /// <summary>Runs docent with <see cref="_work"/> as the current directory, so the default ./.docent is inside it.</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr)> RunHereAsync(params string[] args)
    {
        var info = DocentProcess.StartInfo(args);
        info.WorkingDirectory = _work.Path;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string SingleErrorObject(string stdout)
    {
        using var document = JsonDocument.Parse(stdout); // throws unless stdout is exactly one JSON value
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.GetProperty("error").GetString()!;
    }

    private static void AssertOneErrorLine(string stderr, string expected)
    {
        Assert.Equal([$"docent: error: {expected}"], stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData("ask", "How many vacation days?")]
    [InlineData("search", "tail")]
    [InlineData("chat")]
    [InlineData("docs", "list")]
    [InlineData("docs", "remove", "handbook.md")]
    [InlineData("stats")]
    public async Task Reading_where_nothing_was_ingested_says_so_exits_1_and_creates_no_data_folder(params string[] args)
    {
        var (code, stdout, stderr) = await RunHereAsync(args);

        Assert.Equal(1, code);
        AssertOneErrorLine(stderr, NoDocuments);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(DefaultData));
    }

    [Fact]
    public async Task Asking_or_searching_an_empty_store_is_one_json_error_naming_the_folder_as_given()
    {
        await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(_work.Path, "team") });

        var (askCode, askOut, _) = await RunHereAsync("ask", "Who approves travel?", "--data", "team", "--json");
        var (searchCode, searchOut, _) = await RunHereAsync("search", "travel", "--data", "team", "--json");

        Assert.Equal(1, askCode);
        Assert.Equal("No documents in ./team — run `docent ingest <folder>` first.", SingleErrorObject(askOut));
        Assert.Equal(1, searchCode);
        Assert.Equal("No documents in ./team — run `docent ingest <folder>` first.", SingleErrorObject(searchOut));
        Assert.Contains("./team — run `docent ingest <folder>`", askOut, StringComparison.Ordinal); // readable as written, not \u2014 \u0060 \u003C
    }

    [Fact]
    public async Task Ingesting_a_missing_path_names_it_and_creates_no_data_folder()
    {
        var missing = Path.Combine(_work.Path, "no-such-folder");

        var (code, _, stderr) = await RunHereAsync("ingest", missing);

        Assert.Equal(1, code);
        AssertOneErrorLine(stderr, $"No files found under {missing} ({missing}: path not found).");
        Assert.False(Directory.Exists(DefaultData));
    }

    [Fact]
    public async Task Ingesting_an_empty_folder_says_no_files_were_found()
    {
        Directory.CreateDirectory(Path.Combine(_work.Path, "empty"));

        var (code, stdout, _) = await RunHereAsync("ingest", "empty", "--json");

        Assert.Equal(1, code);
        Assert.Equal("No files found under empty.", SingleErrorObject(stdout));
        Assert.False(Directory.Exists(DefaultData));
    }

    [Theory]
    [InlineData("search")]
    [InlineData("ask")]
    public async Task An_empty_query_is_rejected_in_one_line(string command)
    {
        var (code, stdout, stderr) = await RunHereAsync(command, "");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        var what = command == "ask" ? "question" : "query";
        AssertOneErrorLine(stderr, $"The {what} is empty: docent {command} \"your {what}\".");
    }

    [Fact]
    public async Task An_unquoted_question_is_taken_word_by_word()
    {
        _work.Write(Path.Combine("docs", "tail.md"), "# tail\n\nThe tail command prints the last 10 lines of each file.\n");
        Assert.Equal(0, (await RunHereAsync("ingest", "docs")).ExitCode);

        var (askCode, askOut, _) = await RunHereAsync("ask", "how", "many", "lines", "does", "tail", "print", "--json");
        var (searchCode, searchOut, _) = await RunHereAsync("search", "last", "10", "lines", "--top", "1", "--json");

        Assert.Equal(0, askCode);
        using var ask = JsonDocument.Parse(askOut);
        Assert.Equal("how many lines does tail print", ask.RootElement.GetProperty("question").GetString());
        Assert.Contains("last 10 lines", ask.RootElement.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, searchCode);
        using var search = JsonDocument.Parse(searchOut);
        Assert.Equal("last 10 lines", search.RootElement.GetProperty("query").GetString());
    }

    [Theory]
    [InlineData("--top: \"abc\" is not a whole number. See `docent search --help`.", "search", "tail", "--top", "abc")]
    [InlineData("--mode: \"fast\" is not one of lexical, vector, hybrid. See `docent ask --help`.", "ask", "why", "--mode", "fast")]
    [InlineData("--top needs a value: a whole number. See `docent search --help`.", "search", "tail", "--top")]
    [InlineData("docent search needs <query> (usage: docent search <query> [options]). See `docent search --help`.", "search")]
    [InlineData("'serch' is not a command of docent. See `docent --help`.", "serch", "tail")]
    [InlineData("docent docs needs a command: list, access, remove. See `docent docs --help`.", "docs")]
    public async Task A_parse_error_is_one_line_naming_the_option_the_value_and_the_form_it_takes(string expected, params string[] args)
    {
        var (code, stdout, stderr) = await RunHereAsync(args);

        Assert.Equal(1, code);
        Assert.Equal("", stdout); // no help text
        AssertOneErrorLine(stderr, expected);
        Assert.DoesNotContain("System.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_that_looks_like_an_option_is_refused_rather_than_searched_for()
    {
        var (code, stdout, stderr) = await RunHereAsync("search", "tail", "--lines");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("docent: error: docent search has no option --lines.", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("-k (--top): \"--json\" is not a whole number. See `docent search --help`.", "search", "-k", "--json")]
    [InlineData("--top: \"abc\" is not a whole number. See `docent search --help`.", "search", "tail", "--top", "abc", "--json")]
    [InlineData("docent ask needs <question> (usage: docent ask <question> [options]). See `docent ask --help`.", "ask", "--json")]
    [InlineData("'lst' is not a command of docent docs. See `docent docs --help`.", "docs", "lst", "--json")]
    [InlineData("The query is empty: docent search \"your query\".", "search", "", "--json")]
    public async Task With_json_a_parse_error_is_exactly_one_json_error_object(string expected, params string[] args)
    {
        var (code, stdout, _) = await RunHereAsync(args);

        Assert.Equal(1, code);
        Assert.Equal(expected, SingleErrorObject(stdout));
    }

    [Fact]
    public async Task A_bad_setting_value_names_the_key_and_the_form_it_takes()
    {
        var (code, stdout, stderr) = await RunHereAsync("search", "tail", "--set", "chat.temperature=hot");
        var (jsonCode, jsonOut, _) = await RunHereAsync("search", "tail", "--set", "retrieval.mode=fast", "--json");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        AssertOneErrorLine(stderr, "chat.temperature is \"hot\" (on the command line); it must be a number, such as 0.5.");
        Assert.Equal(1, jsonCode);
        Assert.Equal("retrieval.mode is \"fast\" (on the command line); it must be one of lexical, vector, hybrid.", SingleErrorObject(jsonOut));
    }

    [Fact]
    public async Task Serving_on_a_busy_port_is_one_line_without_a_stack_trace()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var (code, stdout, stderr) = await RunHereAsync("serve", "--urls", $"http://127.0.0.1:{port}");
        var (jsonCode, jsonOut, _) = await RunHereAsync("serve", "--urls", $"http://127.0.0.1:{port}", "--json");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"docent: error: Cannot listen on http://127.0.0.1:{port}: the address is already in use", line, StringComparison.Ordinal);
        Assert.Equal(1, jsonCode);
        Assert.Contains("already in use", SingleErrorObject(jsonOut), StringComparison.Ordinal);
    }
}
