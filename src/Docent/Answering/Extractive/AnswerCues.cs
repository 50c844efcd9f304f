using System.Text.RegularExpressions;
using Docent.Text;

namespace Docent.Answering.Extractive;

/// <summary>
/// Surface cues that a sentence holds the kind of answer a question asks for (a name for "who", a date for
/// "when", a number for "how many", ...), as a strength in [0, 1]. Hand-written because the cues are a few
/// English patterns, not worth a model. Thread-safe (stateless).
/// </summary>
internal static partial class AnswerCues
{
    private static readonly HashSet<string> CalendarWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    };

    private static readonly HashSet<string> PlacePrepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "in", "at", "from", "near", "to", "into", "across", "outside", "inside",
    };

    private static readonly HashSet<string> PersonLeads = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "dame", "president", "ceo", "founder",
        "author", "director", "manager", "chair", "chairman", "chairwoman", "captain",
    };

    private static readonly HashSet<string> ImperativeVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "add", "apply", "call", "change", "check", "choose", "click", "close", "configure", "confirm", "connect",
        "copy", "create", "delete", "disable", "download", "drag", "edit", "enable", "enter", "ensure", "fill",
        "follow", "go", "install", "insert", "launch", "log", "make", "move", "navigate", "open", "paste",
        "plug", "press", "pull", "push", "remove", "rename", "replace", "restart", "run", "save", "select",
        "set", "sign", "start", "stop", "submit", "switch", "tap", "turn", "type", "uninstall", "unplug",
        "update", "upgrade", "upload", "use", "verify", "visit", "wait", "write",
    };

    /// <summary>
    /// How strongly the sentence at [<paramref name="start"/>, <paramref name="end"/>) of
    /// <paramref name="text"/> looks like an answer of <paramref name="type"/>. <paramref name="tokens"/>
    /// [<paramref name="tokenFrom"/>, <paramref name="tokenTo"/>) are the sentence's analysed tokens
    /// (offsets in <paramref name="text"/>); tokens whose term the question holds are not counted as cues.
    /// </summary>
    public static double Strength(
        QuestionType type,
        string text,
        int start,
        int end,
        IReadOnlyList<Token> tokens,
        int tokenFrom,
        int tokenTo,
        QuestionProfile question)
    {
        if (type == QuestionType.General)
        {
            return 0;
        }

        var sentence = text[start..end];
        var marker = ListMarker().Match(sentence);
        var body = marker.Success ? sentence[marker.Length..] : sentence;
        var bodyStart = start + (marker.Success ? marker.Length : 0);
        return type switch
        {
            QuestionType.Person => NameStrength(text, start, bodyStart, tokens, tokenFrom, tokenTo, question, forPlace: false),
            QuestionType.Place => PlaceStrength(body, text, start, bodyStart, tokens, tokenFrom, tokenTo, question),
            QuestionType.Time => TimeStrength(body),
            QuestionType.Quantity => QuantityStrength(body),
            QuestionType.Procedure => ProcedureStrength(body, marker.Success),
            QuestionType.Reason => ReasonCue().IsMatch(body) ? 1 : 0,
            QuestionType.Definition => DefinitionCue().IsMatch(body) ? 1 : WeakDefinitionCue().IsMatch(body) ? 0.5 : 0,
            _ => 0,
        };
    }

    /// <summary>Whether the sentence at [<paramref name="start"/>, <paramref name="end"/>) starts with a bullet or number.</summary>
    public static bool IsListItem(string text, int start, int end) => ListMarker().IsMatch(text.AsSpan(start, end - start));

    private static double TimeStrength(string body)
    {
        if (StrongTimeCue().IsMatch(body))
        {
            return 1;
        }

        return WeakTimeCue().IsMatch(body) ? 0.4 : 0;
    }

    private static double QuantityStrength(string body)
    {
        if (StrongQuantityCue().IsMatch(body))
        {
            return 1;
        }

        return NumberWordCue().IsMatch(body) ? 0.7 : 0;
    }

    private static double ProcedureStrength(string body, bool isListItem)
    {
        if (isListItem)
        {
            return 1;
        }

        var first = FirstWord().Match(body);
        if (first.Success && ImperativeVerbs.Contains(first.Value))
        {
            return 1;
        }

        if (PurposeClause().IsMatch(body))
        {
            return 0.8;
        }

        return WeakProcedureCue().IsMatch(body) ? 0.5 : 0;
    }

    private static double PlaceStrength(
        string body,
        string text,
        int start,
        int bodyStart,
        IReadOnlyList<Token> tokens,
        int tokenFrom,
        int tokenTo,
        QuestionProfile question)
    {
        if (LocativeVerbCue().IsMatch(body))
        {
            return 1;
        }

        var best = NameStrength(text, start, bodyStart, tokens, tokenFrom, tokenTo, question, forPlace: true);
        if (PathCue().IsMatch(body))
        {
            best = Math.Max(best, 0.9);
        }

        if (WeakPlaceCue().IsMatch(body))
        {
            best = Math.Max(best, 0.5);
        }

        return best;
    }

    /// <summary>
    /// Capitalised words the question does not contain. For a person: a run of two capitalised words, or one
    /// after "by"/a title, is strong; one capitalised word inside the sentence is weak. For a place: a
    /// capitalised word after "in"/"at"/"from"/... is strong, one elsewhere inside the sentence is weak.
    /// </summary>
    private static double NameStrength(
        string text,
        int start,
        int bodyStart,
        IReadOnlyList<Token> tokens,
        int tokenFrom,
        int tokenTo,
        QuestionProfile question,
        bool forPlace)
    {
        var best = 0.0;
        Token? previousName = null;
        for (var i = tokenFrom; i < tokenTo && best < 1; i++)
        {
            var token = tokens[i];
            var surface = text.AsSpan(token.Start, token.Length);
            var isName = token.Length > 1
                && char.IsUpper(surface[0])
                && !question.TermIndex.ContainsKey(token.Term)
                && !CalendarWords.Contains(surface.ToString());
            if (!isName)
            {
                previousName = null;
                continue;
            }

            var before = PrecedingWord(text, start, token.Start);
            var afterPlaceWord = PlacePrepositions.Contains(before);
            var isInitial = token.Start <= bodyStart;
            if (forPlace)
            {
                best = Math.Max(best, afterPlaceWord ? 1 : isInitial ? 0 : 0.4);
            }
            else if (!afterPlaceWord)
            {
                var pair = previousName is { } p && token.Position == p.Position + 1;
                var strong = pair || PersonLeads.Contains(before);
                best = Math.Max(best, strong ? 1 : isInitial ? 0 : 0.4);
            }

            previousName = token;
        }

        return best;
    }

    /// <summary>The word right before <paramref name="position"/>, not looking before <paramref name="start"/>.</summary>
    private static string PrecedingWord(string text, int start, int position)
    {
        var end = position;
        while (end > start && !char.IsLetterOrDigit(text[end - 1]))
        {
            if (text[end - 1] is not (' ' or '.' or '\t'))
            {
                return "";
            }

            end--;
        }

        var begin = end;
        while (begin > start && char.IsLetter(text[begin - 1]))
        {
            begin--;
        }

        return text[begin..end];
    }

    [GeneratedRegex(@"^\s*(?:[-*•▪◦‣–]|\(?\d{1,3}[.)]|\(?[a-z][.)]|(?i:step)\s+\d{1,3}[:.)]?)\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"(?<=^[^\p{L}]*)\p{L}+")]
    private static partial Regex FirstWord();

    [GeneratedRegex(@"^\W*To\s+\p{L}+[^,.;]*,")]
    private static partial Regex PurposeClause();

    [GeneratedRegex(@"\b(?:click|select|press|run|open|type|enter|choose|tap|navigate|go to|first|then|next|finally|you can|you must|you need to|you should|use the)\b|`[^`]+`", RegexOptions.IgnoreCase)]
    private static partial Regex WeakProcedureCue();

    [GeneratedRegex(@"\b(?:1[5-9]\d\d|20\d\d)s?\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d+(?:st|nd|rd|th)\s+century\b")]
    private static partial Regex StrongTimeCue();

    [GeneratedRegex(@"\b(?:yesterday|today|tomorrow|ago|annually|daily|weekly|monthly|yearly|quarterly|century|decade|noon|midnight|spring|summer|autumn|winter|since|until)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WeakTimeCue();

    [GeneratedRegex(@"\d|[$€£¥₹%]|\b(?:percent|per cent)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StrongQuantityCue();

    [GeneratedRegex(@"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|twice|double|triple)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberWordCue();

    [GeneratedRegex(@"\b(?:located|situated|headquartered|based|stored|kept|saved|found|lives?|held|sits?|housed)\s+(?:in|at|on|under|inside|near|behind|beside|within|next to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LocativeVerbCue();

    [GeneratedRegex(@"(?:\b[A-Za-z]:\\|~/|(?:^|\s)\.?/[\w.-]+/|https?://)")]
    private static partial Regex PathCue();

    [GeneratedRegex(@"\b(?:in|at|on|under|inside|near|behind|beside|within|next to)\s+(?:the|a|an|your|this|its|their|our)\s+\p{L}+", RegexOptions.IgnoreCase)]
    private static partial Regex WeakPlaceCue();

    [GeneratedRegex(@"\b(?:because|due to|since|so that|as a result|caused by|reason|in order to|therefore|thus|which means|to prevent|to avoid|to ensure)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReasonCue();

    [GeneratedRegex(@"\b(?:is|are)\s+(?:a|an|the)\b|\b(?:means|refers to|defined as|stands for|is called|known as)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DefinitionCue();

    [GeneratedRegex(@"\b(?:is|are)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WeakDefinitionCue();
}
