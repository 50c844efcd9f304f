using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Docent.Answering.Generative;

/// <summary>
/// The fence that marks each source in a prompt as untrusted data: an opening tag <c>&lt;source-CODE&gt;</c> on its own
/// line, the source, and the closing tag <c>&lt;/source-CODE&gt;</c>, where CODE is 12 hex digits of a keyed hash (HMAC-SHA256
/// under a random key drawn once per process) of the request's sources, never one that occurs in them: unpredictable to a
/// document's author, yet the same sources give the same prompt within a process, so greedy answers stay repeatable. A document cannot close the fence early: it cannot know the code, and any tag-like
/// <c>&lt;source…</c> or <c>&lt;/source…</c> in a source's text, title or headings has its '&lt;' replaced with '‹' before it is
/// placed inside. A source <see cref="Safety.InjectionDetector"/> flags gets a <c>flagged="…"</c> label in its opening tag.
/// Immutable; thread-safe.
/// </summary>
internal sealed partial class SourceFence
{
    /// <summary>The key of the codes, drawn once per process.</summary>
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The label of a flagged source's opening tag, before the detector's first reason.</summary>
    public const string FlaggedLabel = "may contain instructions addressed to AI models: it ";

    private SourceFence(string code)
    {
        Code = code;
        Tag = "source-" + code;
    }

    /// <summary>The code of this request's fence.</summary>
    public string Code { get; }

    /// <summary>The tag name, "source-CODE".</summary>
    public string Tag { get; }

    /// <summary>The fence for sources made of <paramref name="texts"/>: a code keyed on them that none of them contains.</summary>
    public static SourceFence Create(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var all = texts as IReadOnlyCollection<string> ?? [.. texts];
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Key);
        foreach (var text in all)
        {
            hmac.AppendData(Encoding.UTF8.GetBytes(text));
            hmac.AppendData([0]);
        }

        for (byte attempt = 0; ; attempt++)
        {
            // A code that occurs in a source (about one chance in 2^48 per position) is drawn again.
            hmac.AppendData([attempt]);
            var code = Convert.ToHexStringLower(hmac.GetCurrentHash().AsSpan(0, 6));
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
