using Docent.Text;

namespace Docent.Conversation;

/// <summary>
/// The model-free condenser: when a question leans on the previous one — it uses a referring pronoun
/// (it, they, them, this, that, these, those, its, their) or is an elliptical follow-up ("and for managers?",
/// "what about contractors?") — the first pronoun is replaced by the previous question's topic (its longest run
/// of content words) and the previous key terms the question lacks are carried along. Questions that stand
/// alone pass through unchanged. Hand-written: no package does this. Thread-safe (stateless).
/// </summary>
public sealed class DeterministicQueryCondenser : IQueryCondenser
{
    private static readonly HashSet<string> ReferringPronouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "it", "they", "them", "this", "that", "these", "those", "its", "their", "theirs", "there",
    };

    private static readonly HashSet<string> FollowUpOpeners = new(StringComparer.OrdinalIgnoreCase) { "and", "also", "what about", "how about", "and what about", "same for", "what if" };

    /// <summary>Words that carry the question's form, not its topic.</summary>
    private static readonly HashSet<string> QuestionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "many", "much", "long", "often", "get", "gets", "got", "need", "needs", "tell", "know", "please", "explain", "describe", "kind", "sort", "way",
    };

    private readonly ITextAnalyzer _analyzer;

    /// <summary>Creates the condenser; <paramref name="analyzer"/> decides what a content word is.</summary>
    public DeterministicQueryCondenser(ITextAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        _analyzer = analyzer;
    }

    /// <inheritdoc />
    public Task<string> CondenseAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        return Task.FromResult(Condense(question, history));
    }

    /// <summary>The synchronous rewrite.</summary>
    public string Condense(string question, IReadOnlyList<ConversationTurn> history)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        var trimmed = question.Trim();
        if (history.Count == 0 || trimmed.Length == 0)
        {
            return trimmed;
        }

        var previous = history[^1].StandaloneQuestion;
        var topicWords = ContentWords(previous);
        if (topicWords.Count == 0 || !LeansOnPrevious(trimmed))
        {
            return trimmed;
        }

        var topic = LongestRun(topicWords);
        var rewritten = ReplaceFirstPronoun(trimmed, topic, out var replaced);
        var present = new HashSet<string>(_analyzer.Analyze(rewritten).Select(t => t.Term), StringComparer.Ordinal);
        var carried = topicWords.Where(w => present.Add(w.Term)).Select(w => w.Surface).ToList();
        if (!replaced && carried.Count == 0)
        {
            return trimmed;
        }

        return carried.Count == 0 ? rewritten : $"{rewritten.TrimEnd('?', '.', '!', ' ')} ({string.Join(' ', carried)})?";
    }

    private static bool LeansOnPrevious(string question)
    {
        var words = Words(question);
        if (words.Any(ReferringPronouns.Contains))
        {
            return true;
        }

        var lower = question.ToLowerInvariant();
        return FollowUpOpeners.Any(opener => lower.StartsWith(opener + " ", StringComparison.Ordinal)) || words.Count <= 3;
    }

    private List<(string Surface, string Term, int Position)> ContentWords(string text) =>
        _analyzer.Analyze(text)
            .Where(t => !QuestionWords.Contains(text.Substring(t.Start, t.Length)))
            .Select(t => (text.Substring(t.Start, t.Length), t.Term, t.Position))
            .ToList();

    /// <summary>The longest run of content words at consecutive positions ("vacation days"), first on ties.</summary>
    private static string LongestRun(List<(string Surface, string Term, int Position)> words)
    {
        int bestStart = 0, bestLength = 1, start = 0;
        for (var i = 1; i <= words.Count; i++)
        {
            if (i < words.Count && words[i].Position == words[i - 1].Position + 1)
            {
                continue;
            }

            if (i - start > bestLength)
            {
                (bestStart, bestLength) = (start, i - start);
            }

            start = i;
        }

        return string.Join(' ', words.Skip(bestStart).Take(bestLength).Select(w => w.Surface));
    }

    private static string ReplaceFirstPronoun(string question, string topic, out bool replaced)
    {
        var position = 0;
        foreach (var word in Words(question))
        {
            var index = IndexOfWord(question, word, position);
            if (ReferringPronouns.Contains(word) && !word.Equals("there", StringComparison.OrdinalIgnoreCase))
            {
                var possessive = word.Equals("its", StringComparison.OrdinalIgnoreCase) || word.Equals("their", StringComparison.OrdinalIgnoreCase);
                replaced = true;
                return string.Concat(question.AsSpan(0, index), possessive ? $"the {topic}'s" : topic, question.AsSpan(index + word.Length));
            }

            position = index + word.Length;
        }

        replaced = false;
        return question;
    }

    private static int IndexOfWord(string text, string word, int from)
    {
        for (var index = text.IndexOf(word, from, StringComparison.Ordinal); index >= 0; index = text.IndexOf(word, index + 1, StringComparison.Ordinal))
        {
            var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var after = index + word.Length == text.Length || !char.IsLetterOrDigit(text[index + word.Length]);
            if (before && after)
            {
                return index;
            }
        }

        return from;
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '\'');
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }

        return words;
    }
}
