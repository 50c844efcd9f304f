namespace Docent.Cli.Output;

/// <summary>
/// Writes a command's description as `--help` shows it: each paragraph (one line of the description) flows to the
/// width, and each indented line — an example command or a list item — is written whole, never split, however narrow
/// the terminal. Static; thread-safe.
/// </summary>
internal static class HelpDescription
{
    /// <summary>Writes the "Description:" section for <paramref name="description"/> at <paramref name="width"/> columns.</summary>
    public static void Write(string description, int width, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Description:");
        foreach (var line in Lines(description, width))
        {
            output.WriteLine(line);
        }

        output.WriteLine();
    }

    /// <summary>The description's lines at <paramref name="width"/>, indented by two spaces.</summary>
    public static IReadOnlyList<string> Lines(string description, int width)
    {
        var lines = new List<string>();
        foreach (var line in description.ReplaceLineEndings("\n").Split('\n'))
        {
            var text = line.TrimEnd();
            if (text.Length == 0)
            {
                lines.Add("");
            }
            else if (char.IsWhiteSpace(text[0]))
            {
                lines.Add("  " + text);
            }
            else
            {
                lines.AddRange(TextWrapper.WrapToStrings(text, width, indent: 2, hangingIndent: 2));
            }
        }

        return lines;
    }
}
