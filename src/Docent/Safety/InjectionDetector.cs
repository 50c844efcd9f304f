using System.Buffers;
using System.Text.RegularExpressions;

namespace Docent.Safety;

/// <summary>
/// Finds text in a document that addresses the model answering questions about it rather than the document's readers —
/// the signature of a prompt injection planted in a file: instructions to ignore or replace the model's instructions (in
/// English and nine other languages), role and system-prompt markers (<c>system:</c>, <c>&lt;|im_start|&gt;</c>,
/// <c>[INST]</c>, "you are now…"), tool-call syntax, demands to answer every question in a fixed way, links that carry
/// the conversation out, and characters that hide text (zero-width characters, Unicode tag characters, bidirectional
/// overrides). Each kind of signal has a weight; the score is the strongest weight plus 0.1 for each further kind, at
/// most 1. Hand-written: no served package detects prompt injection, and the signals are few and language-bound. Regexes
/// are source-generated, case-insensitive and time-bounded; text past <see cref="MaxCharacters"/> is not inspected.
/// Stateless and thread-safe.
/// </summary>
public static partial class InjectionDetector
{
    /// <summary>Score at and above which a passage is flagged.</summary>
    public const double FlagThreshold = 0.5;

    /// <summary>The most characters of one passage inspected.</summary>
    public const int MaxCharacters = 64 * 1024;

    private const int TimeoutMilliseconds = 250;

    private static readonly SearchValues<string> OverrideCues =
        Cues("instruction", "prompt", "rules", "direction", "directive", "guideline", "context", "messages", "task", "purpose");

    private static readonly SearchValues<string> ForeignCues =
        Cues("anweisungen", "précédentes", "precedentes", "antérieures", "anterieures", "anteriores", "precedenti", "instructies", "指令", "指示", "说明", "無視",
            "무시", "инструкции");

    private static readonly SearchValues<string> RoleCues =
        Cues("<|", "[inst", "[/inst", "<<sys", "<</sys", "system", "instruction", "assistant", "you are now", "you are no longer", "developer mode", "act as");

    private static readonly SearchValues<string> ToolCues = Cues("tool_call", "<function=", "function_call", "\"name\"", " tool");

    private static readonly SearchValues<string> ReplyCues = Cues("question", "prompt", "message", "request", "user", "only with", "only in");

    private static readonly SearchValues<string> AddressCues =
        Cues("reading", "processing", "summari", "answering", "dear", "attention", "note to", "hey", "if you are a", "the assistant");

    private static readonly SearchValues<string> LinkCues = Cues("http");

    private static readonly SearchValues<char> HiddenCharacters =
        SearchValues.Create("\u200B\u200C\u200D\u2060\u2062\u2063\u2064\uFEFF\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uDB40");

    // Each signal's regex runs only on windows around its cue words (a word every match of it contains), found by one
    // vectorised case-insensitive search: most passages hold none, and ingest pays microseconds instead of eight regex scans
    // over the whole text.
    private static readonly (Func<string, bool> Matches, double Weight, string Reason)[] Signals =
    [
        (t => Near(t, OverrideCues, OverrideInstructions()), 0.9, "tells the model to ignore or replace its instructions"),
        (t => Near(t, ForeignCues, ForeignOverride()), 0.9, "tells the model to ignore its instructions (in another language)"),
        (t => Near(t, RoleCues, RoleMarkers()), 0.7, "contains role or system-prompt markers meant for a model"),
        (t => Near(t, ToolCues, ToolCall()), 0.7, "contains tool-call syntax meant for a model"),
        (t => Near(t, ReplyCues, FixedReply()), 0.6, "demands a fixed reply to every question"),
        (t => Near(t, AddressCues, AddressesAssistant()), 0.5, "gives orders to the AI assistant reading it"),
        (t => Near(t, LinkCues, Exfiltration()), 0.6, "asks for the conversation to be sent to a link"),
        (t => t.AsSpan().ContainsAny(HiddenCharacters) && HasHiddenCharacters(t), 0.5, "hides text with invisible or direction-changing characters"),
    ];

    /// <summary>Inspects one passage.</summary>
    public static InjectionFinding Inspect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxCharacters)
        {
            text = text[..MaxCharacters];
        }

        var found = new List<(double Weight, string Reason)>();
        foreach (var (matches, weight, reason) in Signals)
        {
            try
            {
                if (matches(text))
                {
                    found.Add((weight, reason));
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // Pathological text that takes a regex past its time limit is treated as not matching that signal.
            }
        }

        if (found.Count == 0)
        {
            return InjectionFinding.None;
        }

        found.Sort((a, b) => b.Weight.CompareTo(a.Weight));
        var score = Math.Min(1, found[0].Weight + (0.1 * (found.Count - 1)));
        return new InjectionFinding(Math.Round(score, 2), [.. found.Select(f => f.Reason)]);
    }

    /// <summary>
    /// Inspects a passage with the headings it sits under, one per line before it: a heading can carry the marker ("### System:"
    /// read as a Markdown heading) that the passage's own text no longer shows.
    /// </summary>
    public static InjectionFinding Inspect(IReadOnlyList<string> headingPath, string text)
    {
        ArgumentNullException.ThrowIfNull(headingPath);
        ArgumentNullException.ThrowIfNull(text);
        return Inspect(headingPath.Count == 0 ? text : string.Join('\n', headingPath) + "\n" + text);
    }

    private const int WindowBefore = 120;
    private const int WindowAfter = 200;
    private const int MaxWindows = 64;

    /// <summary>
    /// Whether <paramref name="regex"/> matches within a window around some cue in <paramref name="text"/> (every match contains a
    /// cue and is shorter than the window). Text dense with cues is scanned whole after <see cref="MaxWindows"/> windows.
    /// </summary>
    private static bool Near(string text, SearchValues<string> cues, Regex regex)
    {
        var offset = 0;
        for (var windows = 0; offset < text.Length; windows++)
        {
            var found = text.AsSpan(offset).IndexOfAny(cues);
            if (found < 0)
            {
                return false;
            }

            if (windows == MaxWindows)
            {
                return regex.IsMatch(text);
            }

            var at = offset + found;
            var start = Math.Max(0, at - WindowBefore);
            if (regex.IsMatch(text.AsSpan(start, Math.Min(text.Length, at + WindowAfter) - start)))
            {
                return true;
            }

            offset = at + 1;
        }

        return false;
    }

    private static SearchValues<string> Cues(params string[] words) => SearchValues.Create(words, StringComparison.OrdinalIgnoreCase);

    /// <summary>Zero-width characters inside words, Unicode tag characters, and bidirectional overrides or isolates.</summary>
    internal static bool HasHiddenCharacters(string text)
    {
        var zeroWidth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\u2062' or '\u2063' or '\u2064':
                    zeroWidth++;
                    break;
                case '\uFEFF' when i > 0:
                    zeroWidth++;
                    break;
                case >= '\u202A' and <= '\u202E':
                case >= '\u2066' and <= '\u2069':
                    return true;
                case '\uDB40' when i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]):
                    // U+E0000–U+E007F, the tag characters: invisible ASCII, used to smuggle instructions.
                    return char.ConvertToUtf32(c, text[i + 1]) is >= 0xE0000 and <= 0xE007F;
            }
        }

        // A joiner or two occurs in emoji and some scripts (ZWJ, ZWNJ in Persian); a run of them hides text.
        return zeroWidth >= 3;
    }

    [GeneratedRegex(@"\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system|original|initial)\b[^.\n]{0,30}?\b(?:instructions?|prompts?|rules|directions|directives|guidelines|context|messages)\b"
        + @"|\bnew (?:instructions|system prompt)\s*:|\byour (?:new|real|actual) (?:instructions|task|purpose) (?:is|are)\b|\b(?:system prompt|hidden instructions)\b[^.\n]{0,30}\b(?:reveal|print|show|repeat|output)\b|\b(?:reveal|print|show|repeat|output)\b[^.\n]{0,30}\b(?:system prompt|hidden instructions)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex OverrideInstructions();

    [GeneratedRegex(@"ignorier(?:e|en)?\b[^.\n]{0,40}\b(?:vorherigen|bisherigen|obigen|alle)\b[^.\n]{0,30}\banweisungen"
        + @"|ignore[rz]?\b[^.\n]{0,40}\b(?:toutes|les)\b[^.\n]{0,30}\binstructions\s+(?:pr[ée]c[ée]dentes|ant[ée]rieures)"
        + @"|ignora\b[^.\n]{0,40}\b(?:las|todas|le|tutte)\b[^.\n]{0,30}\b(?:instrucciones|istruzioni)\s+(?:anteriores|precedenti)"
        + @"|ignore\b[^.\n]{0,20}\bas\s+instru[çc][õo]es\s+anteriores|negeer\b[^.\n]{0,40}\b(?:vorige|eerdere|alle)\b[^.\n]{0,30}\binstructies"
        + @"|忽略(?:之前|以上|先前|上面)?的?(?:所有)?(?:指令|指示|说明)|(?:以前|前|上記)の指示を無視|이전\s*지시(?:를|사항을)?\s*무시|игнорируй(?:те)?\s+(?:все\s+)?(?:предыдущие|прежние)\s+инструкции",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex ForeignOverride();

    [GeneratedRegex(@"<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id)\|>|\[/?INST\]|<</?SYS>>|^\s*#{1,3}\s*(?:system|instruction)s?\s*:?\s*$|(?:^|[\s.!?])#{1,3}\s*(?:system|instructions?)\s*:|(?:^|\n|[.!?]\s)\s*(?:system|assistant)\s*:\s*(?:you\b|the (?:user|assistant|model)\b|always\b|never\b|ignore\b|from now on\b)"
        + @"|\byou are (?:now|no longer)\b[^.\n]{0,40}\b(?:assistant|ai|model|chatbot|dan|jailbroken|unrestricted)\b|\bdeveloper mode\b|\bact as (?:an? )?(?:unrestricted|jailbroken|different) (?:ai|assistant|model)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline, TimeoutMilliseconds)]
    private static partial Regex RoleMarkers();

    [GeneratedRegex(@"<tool_call>|</tool_call>|<function=|""(?:tool_calls?|function_call)""\s*:|\{\s*""name""\s*:\s*""[^""]{1,60}""\s*,\s*""(?:arguments|parameters)""\s*:|\b(?:call|invoke|use) the [\w-]{2,40} tool\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex ToolCall();

    [GeneratedRegex(@"\b(?:reply|respond|answer|say|output|print)\b[^.\n]{0,40}?(?:[""'“‘][^""'”’\n]{1,60}[""'”’])[^.\n]{0,40}?\b(?:every|each|all|any)\b[^.\n]{0,20}?\b(?:questions?|prompts?|messages?|requests?|users?)\b"
        + @"|\b(?:to|for) (?:every|each|all|any) (?:questions?|prompts?|messages?)\b[^.\n]{0,40}?\b(?:reply|respond|answer|say)\b[^.\n]{0,10}?[""'“‘]"
        + @"|\b(?:reply|respond|answer)\b[^.\n]{0,15}\bonly (?:with|in)\b[^.\n]{0,15}[""'“‘]",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex FixedReply();

    [GeneratedRegex(@"\b(?:ai|llm|language model|chatbot|assistant|gpt|claude|copilot|model)s?\b[^.\n]{0,40}?\b(?:reading|processing|summari[sz]ing|answering)\b[^.\n]{0,40}?\b(?:must|should|shall|will|is to)\b"
        + @"|\b(?:dear|attention|note to|hey)\b[,:]?\s+(?:the\s+)?(?:ai|llm|language model|chatbot|assistant|gpt|model)\b|\bif you are an? (?:ai|llm|language model|assistant|chatbot)\b"
        + @"|\bthe assistant (?:must|should|shall|will) (?:now|always|only|never)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex AddressesAssistant();

    [GeneratedRegex(@"!\[[^\]]{0,80}\]\(https?://[^)\s]{1,200}[?&][\w-]{1,30}=(?:\{|%7B|\[|<)|\b(?:send|post|forward|append|include)\b[^.\n]{0,40}\b(?:conversation|chat history|previous messages|user'?s? (?:data|question|messages))\b[^.\n]{0,40}\bhttps?://",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Exfiltration();
}
