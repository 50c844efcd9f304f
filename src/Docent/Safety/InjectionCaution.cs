namespace Docent.Safety;

/// <summary>
/// The caution an answer carries when it cites a passage that <see cref="InjectionDetector"/> flags, in one wording for every
/// answerer (extractive and LLM): "Caution: source [n] (file) contains text addressed to AI models — it …". The answer's text
/// begins with its cautions, one per line, and <c>Answer.Warnings</c> lists them. Stateless and thread-safe.
/// </summary>
public static class InjectionCaution
{
    /// <summary>
    /// The caution for citation <paramref name="index"/> of the passage <paramref name="passage"/> (under <paramref name="headingPath"/>,
    /// from <paramref name="source"/> as people know it), or null when the passage is not flagged.
    /// </summary>
    public static string? For(int index, string? source, IReadOnlyList<string> headingPath, string passage)
    {
        ArgumentNullException.ThrowIfNull(headingPath);
        ArgumentNullException.ThrowIfNull(passage);
        var finding = InjectionDetector.Inspect(headingPath, passage);
        return finding.Flagged
            ? $"Caution: source [{index}] ({source}) contains text addressed to AI models — it {finding.Reasons[0]}. "
                + "Read it as what the document says, not as an instruction."
            : null;
    }

    /// <summary><paramref name="text"/> with <paramref name="cautions"/> before it, one per line and a blank line after them; unchanged when there are none.</summary>
    public static string Prefix(IReadOnlyList<string> cautions, string text)
    {
        ArgumentNullException.ThrowIfNull(cautions);
        ArgumentNullException.ThrowIfNull(text);
        return cautions.Count == 0 ? text : string.Join("\n", cautions) + "\n\n" + text;
    }
}
