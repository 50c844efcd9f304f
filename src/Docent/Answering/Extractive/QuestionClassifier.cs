using System.Text.RegularExpressions;
using Docent.Text;

namespace Docent.Answering.Extractive;

/// <summary>
/// Turns a question into a <see cref="QuestionProfile"/>: detects the answer type from its wording and keeps
/// the analyzer's terms that are not question words. The question-word vocabulary is analysed once, at
/// construction, with the same analyzer so that it matches whatever stemming the analyzer does.
/// Hand-written because the cues are a handful of English phrases. Thread-safe (immutable after construction).
/// </summary>
internal sealed partial class QuestionClassifier
{
    /// <summary>Words that frame a question and never carry its content.</summary>
    private static readonly string[] FrameWords =
    [
        "who", "whom", "whose", "what", "when", "where", "which", "why", "how", "many", "much", "do", "does",
        "did", "is", "are", "was", "were", "can", "could", "should", "would", "will", "shall", "may", "might",
        "must", "i", "me", "my", "we", "our", "us", "you", "your", "tell", "please", "explain", "describe",
        "know", "anyone", "someone", "exactly", "kind", "sort",
    ];

    /// <summary>Words that restate the answer type; kept as terms, but with a low weight.</summary>
    private static readonly Dictionary<QuestionType, string[]> TypeWords = new()
    {
        [QuestionType.Person] = ["person", "people", "name"],
        [QuestionType.Time] = ["year", "years", "date", "dates", "day", "days", "month", "time", "century"],
        [QuestionType.Quantity] = ["number", "percentage", "percent", "proportion", "amount", "cost", "costs", "price", "fee", "total", "long", "old", "far", "often"],
        [QuestionType.Place] = ["place", "location", "located", "find"],
        [QuestionType.Procedure] = ["step", "steps", "way", "process", "procedure"],
        [QuestionType.Reason] = ["reason", "cause"],
        [QuestionType.Definition] = ["meaning", "mean", "definition", "define"],
    };

    /// <summary>The weight multiplier of a word that restates the answer type.</summary>
    private const double TypeWordWeight = 0.25;

    /// <summary>Most content terms kept from one question (matches are tracked in a 64-bit mask).</summary>
    internal const int MaxTerms = 64;

    private static readonly HashSet<string> QuantityLeads = new(StringComparer.Ordinal)
    {
        "many", "much", "long", "old", "far", "big", "large", "often", "tall", "high", "heavy", "fast",
    };

    private static readonly HashSet<string> TimeNouns = new(StringComparer.Ordinal)
    {
        "year", "date", "day", "month", "time", "century", "decade",
    };

    private static readonly HashSet<string> QuantityNouns = new(StringComparer.Ordinal)
    {
        "percentage", "percent", "proportion", "fraction", "cost", "costs", "price", "fee", "fees", "amount",
    };

    private static readonly HashSet<string> Subjects = new(StringComparer.Ordinal)
    {
        "i", "you", "we", "one", "they",
    };

    private static readonly TextAnalysisOptions EnglishWords = new() { Language = "en" };

    private readonly ITextAnalyzer _analyzer;
    private readonly HashSet<string> _frameTerms;
    private readonly Dictionary<QuestionType, HashSet<string>> _typeTerms;

    public QuestionClassifier(ITextAnalyzer analyzer)
    {
        _analyzer = analyzer;
        _frameTerms = AnalyzeAll(analyzer, FrameWords);
        _typeTerms = [];
        foreach (var (type, words) in TypeWords)
        {
            _typeTerms[type] = AnalyzeAll(analyzer, words);
        }
    }

    /// <summary>
    /// Profiles <paramref name="question"/>, analysed in <paramref name="contextLanguage"/> (the language of the passages
    /// it is asked over) wherever its script allows, so its words stem as the passages' words do.
    /// </summary>
    public QuestionProfile Profile(string question, string? contextLanguage = null)
    {
        var type = Classify(question);
        var typeTerms = _typeTerms.GetValueOrDefault(type);
        var terms = new List<string>();
        var weights = new List<double>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var analysis = contextLanguage is null ? null : new TextAnalysisOptions { CandidateLanguages = [contextLanguage] };
        foreach (var token in _analyzer.Analyze(question, analysis))
        {
            if (terms.Count == MaxTerms)
            {
                break;
            }

            if (_frameTerms.Contains(token.Term) || !seen.Add(token.Term))
            {
                continue;
            }

            terms.Add(token.Term);
            weights.Add(typeTerms is not null && typeTerms.Contains(token.Term) ? TypeWordWeight : 1.0);
        }

        return new QuestionProfile(type, terms, weights);
    }

    /// <summary>The expected answer type of <paramref name="question"/>, from its leading wording.</summary>
    internal static QuestionType Classify(string question)
    {
        var words = WordPattern().Matches(question.ToLowerInvariant()).Select(m => m.Value.Replace("'", "", StringComparison.Ordinal)).ToArray();
        for (var i = 0; i < words.Length; i++)
        {
            var next = i + 1 < words.Length ? words[i + 1] : "";
            var after = i + 2 < words.Length ? words[i + 2] : "";
            switch (words[i])
            {
                case "how" when QuantityLeads.Contains(next):
                case "what" or "which" when QuantityNouns.Contains(next):
                    return QuestionType.Quantity;
                case "what" or "which" when TimeNouns.Contains(next):
                case "when":
                    return QuestionType.Time;
                case "who" or "whom" or "whose":
                    return QuestionType.Person;
                case "where":
                    return QuestionType.Place;
                case "how" when next == "to":
                case "how" when next is "do" or "can" or "should" or "would" or "could" or "does" && Subjects.Contains(after):
                case "steps" when next == "to":
                    return QuestionType.Procedure;
                case "why":
                    return QuestionType.Reason;
                default:
                    break;
            }
        }

        // Nouns of price or percentage anywhere ("what does the plan cost") ask for an amount.
        if (words.Any(w => QuantityNouns.Contains(w)))
        {
            return QuestionType.Quantity;
        }

        if (words.Length >= 2 && words[0] == "what" && words[1] is "is" or "are" or "does"
            || words.Length >= 1 && words[0] is "whats" or "define" or "meaning")
        {
            return QuestionType.Definition;
        }

        return QuestionType.General;
    }

    private static HashSet<string> AnalyzeAll(ITextAnalyzer analyzer, IEnumerable<string> words)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            foreach (var token in analyzer.Analyze(word, EnglishWords))
            {
                terms.Add(token.Term);
            }
        }

        return terms;
    }

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();
}
