using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests.Readme;

/// <summary>
/// The README drift test: every command in README.md's shell blocks (the rule is on <see cref="ReadmeCommand"/>) is run
/// through the real CLI as written, in order, in a sandbox that gives its paths something to point at
/// (<see cref="ReadmeSandbox"/>), and must exit 0, or the code its comment documents ("# exits 1: …"). Commands that
/// cannot run in a test are in <see cref="ReadmeSandbox.AllowList"/> with the reason, and their options are still
/// checked against `--help`. A failure names the README line.
/// </summary>
public sealed class ReadmeDriftTests
{
    private static List<ReadmeCommand> ReadmeCommands() =>
        ReadmeCommand.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "README.md")));

    [Fact]
    public async Task Every_command_in_the_readme_runs_as_written()
    {
        var commands = ReadmeCommands();
        await using var chat = await FakeOpenAIServer.StartAsync();
        chat.DefaultBehaviour = FakeOpenAIServer.Chat("Full-time employees receive 27 days of paid annual leave each year [1].");
        using var sandbox = new ReadmeSandbox { ChatEndpoint = chat.BaseUrl };

        var failures = new List<string>();
        foreach (var command in commands)
        {
            if (await sandbox.RunAsync(command) is { } failure)
            {
                failures.Add(failure);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {commands.Count} README commands failed:\n\n" + string.Join("\n\n", failures));
    }

    [Fact]
    public void The_rule_finds_the_readmes_commands_and_every_allow_list_entry_still_matches_one()
    {
        var commands = ReadmeCommands();

        Assert.Contains(commands, c => c.Text.StartsWith("dotnet run --project src/Docent.Cli -c Release -- demo", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Words.SequenceEqual(["docent", "ingest", "./handbook"]));
        Assert.Contains(commands, c => c.Words.Count > 0 && c.Words[0] == "docent" && c.Words.Contains("serve"));
        Assert.True(commands.Count(c => ReadmeSandbox.AllowListReason(c) is null) >= 15, "fewer README commands are run than expected: is the block rule still right?");
        Assert.All(ReadmeSandbox.AllowList.Keys, prefix =>
            Assert.True(commands.Any(c => c.Text.StartsWith(prefix, StringComparison.Ordinal)), $"the allow-list entry `{prefix}` matches no README command any more: remove it"));
    }

    [Fact]
    public void The_rule_reads_shell_blocks_like_a_shell_and_leaves_other_blocks_alone()
    {
        var commands = ReadmeCommand.Parse("""
            # Title
            ```bash
            # a comment line
            docent ask "How many days?" --top 3   # a trailing comment
            docent search 'expense receipts' \
              --top 5
            ls -la
            ```
            ```text
            docent not-a-command-in-a-transcript
            ```
            ```console
            $ docent stats
            added 7
            $ docent ask "x"   # exits 1: no documents
            ```
            """);

        Assert.Equal([4, 5, 13, 15], commands.Select(c => c.Line));
        Assert.Equal(["docent", "ask", "How many days?", "--top", "3"], commands[0].Words);
        Assert.Equal("a trailing comment", commands[0].Comment);
        Assert.Equal("docent ask \"How many days?\" --top 3", commands[0].Text);
        Assert.Equal(["docent", "search", "expense receipts", "--top", "5"], commands[1].Words);
        Assert.Equal(["docent", "stats"], commands[2].Words);
        Assert.Equal(0, commands[0].ExpectedExitCode);
        Assert.Equal(1, commands[3].ExpectedExitCode);
    }

    [Fact]
    public async Task A_command_that_drifted_fails_naming_its_readme_line()
    {
        var commands = ReadmeCommand.Parse("""
            ```bash
            docent ingest ./handbook
            docent frobnicate ./handbook
            docent search "leave" --top abc
            dotnet format Docent.slnx
            docent bench vectors --count 100000 --no-such-option 3
            ```
            """);
        using var sandbox = new ReadmeSandbox();

        var failures = new List<string?>();
        foreach (var command in commands)
        {
            failures.Add(await sandbox.RunAsync(command));
        }

        Assert.Null(failures[0]);
        Assert.StartsWith("README.md:3: `docent frobnicate ./handbook` exited 1", failures[1], StringComparison.Ordinal);
        Assert.StartsWith("README.md:4: `docent search \"leave\" --top abc` exited 1", failures[2], StringComparison.Ordinal);
        Assert.StartsWith("README.md:5: `dotnet format Docent.slnx`: not run", failures[3], StringComparison.Ordinal);
        Assert.Equal("README.md:6: `docent bench vectors --count 100000 --no-such-option 3`: `docent bench vectors --help` does not list --no-such-option", failures[4]);
    }
}
