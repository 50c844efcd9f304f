using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>`docent chat` as a person types it, on the sample handbook: slash commands, follow-ups that refer back, questions that stand alone.</summary>
public sealed partial class ChatCliTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Slash_commands_are_never_questions_and_follow_ups_find_the_passage_they_refer_to()
    {
        var (ingest, _, ingestErr) = await DocentProcess.RunAsync("ingest", Path.Combine(RepositoryPaths.Samples, "handbook"), "--data", _data.Path);
        Assert.True(ingest == 0, ingestErr);

        var stdout = await ChatAsync(
            "/help",
            "How many days of annual leave do I get?",
            "How do I request it?",
            "/sources",
            "bicycle storage",
            "/frobnicate",
            "/exit",
            "What is the dress code?");
        var squashed = Squash(stdout);

        // /help lists the commands; an unknown one is a one-line hint; nothing after /exit is read.
        Assert.Contains(Squash("/new start a new conversation"), squashed, StringComparison.Ordinal);
        Assert.Contains(Squash("/sources the last answer's sources in full"), squashed, StringComparison.Ordinal);
        Assert.Contains(Squash("Unknown command /frobnicate: type /help for the commands"), squashed, StringComparison.Ordinal);
        Assert.DoesNotContain("dress code", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(stdout.Split('\n'), line => line.TrimEnd('\r').EndsWith(' ')); // piped: no table padding

        // The follow-up's "it" is the first question's subject, and it finds the passage on requesting leave, not the first answer again.
        Assert.Contains(Squash("(searched for: How do I request days of annual leave?)"), squashed, StringComparison.Ordinal);
        Assert.Contains(Squash("leave-policy.docx › Annual leave › Requesting leave"), squashed, StringComparison.Ordinal);

        // /sources shows the cited passage in full (its last sentence is in no quote) and the file on this machine.
        Assert.Contains(Squash("Your manager replies within five working days."), squashed, StringComparison.Ordinal);
        Assert.Contains(Squash("file: " + Path.Combine(RepositoryPaths.Samples, "handbook", "leave-policy.docx")), squashed, StringComparison.Ordinal);

        // A short question that stands alone is searched as typed, with nothing of the earlier turns appended.
        Assert.DoesNotContain(Squash("(searched for: bicycle storage"), squashed, StringComparison.Ordinal);
        Assert.Contains(Squash("Secure bicycle storage is in the basement"), squashed, StringComparison.Ordinal);

        // Three questions were asked and stored; the slash commands were not.
        var id = ConversationId().Match(stdout).Groups[1].Value;
        var (next, json, nextErr) = await DocentProcess.RunAsync("ask", "Where is it?", "--conversation", id, "--data", _data.Path, "--json");
        Assert.True(next == 0, nextErr);
        using var answer = JsonDocument.Parse(json);
        Assert.Equal(4, answer.RootElement.GetProperty("turn").GetInt32());
        Assert.Equal("Where is bicycle storage?", answer.RootElement.GetProperty("standaloneQuestion").GetString());
    }

    [Fact]
    public async Task New_forgets_the_previous_turn_and_sources_before_any_answer_says_so()
    {
        var (ingest, _, ingestErr) = await DocentProcess.RunAsync("ingest", Path.Combine(RepositoryPaths.Samples, "handbook"), "--data", _data.Path);
        Assert.True(ingest == 0, ingestErr);

        var stdout = Squash(await ChatAsync("/sources", "How many days of annual leave do I get?", "/new", "/sources", "How do I request it?"));

        Assert.Equal(2, Regex.Count(stdout, Regex.Escape(Squash("No answer yet in this conversation: ask a question first."))));
        Assert.Contains(Squash("New conversation"), stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Squash("(searched for:"), stdout, StringComparison.Ordinal);
    }

    /// <summary>Runs `docent chat` with <paramref name="lines"/> on its stdin (then end of input) and returns its stdout.</summary>
    private async Task<string> ChatAsync(params string[] lines)
    {
        var info = DocentProcess.StartInfo("chat", "--data", _data.Path);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        foreach (var line in lines)
        {
            await process.StandardInput.WriteLineAsync(line);
        }

        process.StandardInput.Close();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(guard.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        return await stdout;
    }

    /// <summary>The text without white space, so assertions hold however the console wraps lines.</summary>
    private static string Squash(string text) => Whitespace().Replace(text, "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"Conversation ([0-9a-f]+) ")]
    private static partial Regex ConversationId();
}
