using System.Text;
using System.Text.RegularExpressions;

namespace Docent.Cli.Tests.Readme;

/// <summary>
/// One command line of a README shell block: where it is, what it says, and its words as a POSIX shell would split
/// them (quotes removed, the trailing comment apart; <see cref="ReadmeSandbox"/> expands a leading <c>~/</c>).
/// The rule: fenced blocks tagged <c>sh</c>, <c>bash</c>, <c>shell</c> or <c>console</c> (not <c>text</c>, which holds
/// transcripts); in them a command is a line that starts with <c>docent </c> or <c>dotnet </c> (in <c>console</c>
/// blocks, after a <c>$ </c> prompt); a line ending in <c>\</c> continues on the next. Immutable.
/// </summary>
internal sealed partial record ReadmeCommand(int Line, string Text, IReadOnlyList<string> Words, string Comment)
{
    private static readonly string[] ShellTags = ["sh", "bash", "shell", "console"];

    /// <summary>The exit code the README documents in the line's comment ("# exits 1: …"), else 0.</summary>
    public int ExpectedExitCode => ExitComment().Match(Comment) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>Every command of <paramref name="markdown"/>, in order, with 1-based line numbers.</summary>
    public static List<ReadmeCommand> Parse(string markdown)
    {
        var commands = new List<ReadmeCommand>();
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string? tag = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                tag = tag is null ? trimmed[3..].Trim().ToLowerInvariant() : null;
                continue;
            }

            if (tag is null || !ShellTags.Contains(tag))
            {
                continue;
            }

            var text = trimmed;
            if (tag == "console")
            {
                if (!text.StartsWith("$ ", StringComparison.Ordinal))
                {
                    continue;
                }

                text = text[2..].TrimStart();
            }

            if (!text.StartsWith("docent ", StringComparison.Ordinal) && !text.StartsWith("dotnet ", StringComparison.Ordinal))
            {
                continue;
            }

            var line = i + 1;
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                text = text[..^1] + " " + lines[++i].Trim();
            }

            var (words, comment, commentStart) = Split(text);
            commands.Add(new ReadmeCommand(line, text[..commentStart].TrimEnd(), words, comment));
        }

        return commands;
    }

    /// <summary>
    /// Splits a command line into words like a shell: single and double quotes, backslash escapes, and a <c>#</c> that
    /// starts a word starts the comment (returned apart, with where it starts: the line's length when there is none).
    /// </summary>
    public static (List<string> Words, string Comment, int CommentStart) Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            if (c == '#' && !inWord)
            {
                return (words, text[(i + 1)..].Trim(), i);
            }

            inWord = true;
            if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                end = end < 0 ? text.Length : end;
                word.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                    }

                    word.Append(text[i]);
                }
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else
            {
                word.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return (words, "", text.Length);
    }

    [GeneratedRegex(@"\bexits? (\d+)\b")]
    private static partial Regex ExitComment();
}
