using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Docent.Answering.Generative;

/// <summary>
/// The fence that marks each source in a prompt as untrusted data: an opening tag <c>&lt;source-CODE&gt;</c> on its own
/// line, the source, and the closing tag <c>&lt;/source-CODE&gt;</c>, where CODE is 12 random hex digits drawn for each request
/// (never one that occurs in the sources). A document cannot close the fence early: it cannot know the code, and any tag-like
/// <c>&lt;source…</c> or <c>&lt;/source…</c> in a source's text, title or headings has its '&lt;' replaced with '‹' before it is
/// placed inside. A source <see cref="Safety.InjectionDetector"/> flags gets a <c>flagged="…"</c> label in its opening tag.
/// Immutable; thread-safe.
/// </summary>
internal sealed partial class SourceFence
{
    /// <summary>The label of a flagged source's opening tag, before the detector's first reason.</summary>
    public const string FlaggedLabel = "may contain instructions addressed to AI models: it ";

    private SourceFence(string code)
    {
        Code = code;
        Tag = "source-" + code;
    }

    /// <summary>The random code of this request's fence.</summary>
    public string Code { get; }

    /// <summary>The tag name, "source-CODE".</summary>
    public string Tag { get; }

    /// <summary>A fence with a fresh random code that none of <paramref name="texts"/> contains.</summary>
    public static SourceFence Create(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var all = texts as IReadOnlyCollection<string> ?? [.. texts];
        while (true)
        {
            var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            if (!all.Any(t => t.Contains(code, StringComparison.OrdinalIgnoreCase)))
            {
                return new SourceFence(code);
            }
        }
    }

    /// <summary>A fence with a given code (tests).</summary>
    internal static SourceFence WithCode(string code) => new(code);

    /// <summary>An opening tag, with its flag label when <paramref name="flaggedReason"/> is set (the header line after it carries "[n]").</summary>
    public string Open(string? flaggedReason)
    {
        return flaggedReason is null ? $"<{Tag}>" : $"<{Tag} flagged=\"{FlaggedLabel}{flaggedReason.Replace('"', '\'')}\">";
    }

    /// <summary>The closing tag.</summary>
    public string Close => $"</{Tag}>";

    /// <summary>
    /// <paramref name="text"/> with every tag-like "&lt;source" or "&lt;/source" (any case, spaces allowed) defused: its '&lt;'
    /// becomes '‹', so text inside the fence can neither close it nor open a look-alike. Same length as the input.
    /// </summary>
    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('<', StringComparison.Ordinal) ? Marker().Replace(text, m => "‹" + m.Value[1..]) : text;
    }

    [GeneratedRegex(@"<\s*/?\s*source", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
