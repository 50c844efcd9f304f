using Docent.Text;

namespace Docent.Conversation;

/// <summary>
/// The model-free condenser. A follow-up that refers back with a pronoun or demonstrative (it, they, them, its, their,
/// and this, that, these, those where they stand for a thing: "How do I change that?", "Does this apply to managers?")
/// gets that word replaced by the previous turn's subject: the noun phrase of its standalone question that its answer
/// talks about ("days of annual leave"), or, when the question has none, the first noun phrase of the answer. An
/// elliptical follow-up ("and for managers?", "what about contractors?") is joined to that subject ("days of annual
/// leave for managers?"). Anything else — a question with its own words and no word that refers back, however short —
/// passes through unchanged; nothing is ever appended. Hand-written: no package does this. Thread-safe (stateless).
/// </summary>
public sealed class DeterministicQueryCondenser : IQueryCondenser
{
    private static readonly HashSet<string> Pronouns = new(StringComparer.OrdinalIgnoreCase) { "it", "they", "them", "its", "their" };

    private static readonly HashSet<string> Demonstratives = new(StringComparer.OrdinalIgnoreCase) { "this", "that", "these", "those" };

    /// <summary>Openers of an elliptical follow-up, longest first so "and what about" wins over "and".</summary>
    private static readonly string[] FollowUpOpeners = ["and what about", "and how about", "what about", "how about", "same for", "and also", "what if", "also", "and"];

    /// <summary>Words a remainder may start with and still read as a phrase after the subject ("… for managers").</summary>
    private static readonly HashSet<string> Prepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "for", "in", "at", "on", "with", "during", "about", "to", "from", "after", "before", "under", "over", "without", "by", "if", "when", "outside", "inside",
    };

    /// <summary>Words that start a whole question: after "and" they make it stand alone.</summary>
    private static readonly HashSet<string> QuestionStarters = new(StringComparer.OrdinalIgnoreCase)
    {
        "how", "what", "who", "whom", "whose", "when", "where", "why", "which", "can", "could", "do", "does", "did", "is", "are", "was", "were",
        "will", "would", "should", "must", "may", "have", "has",
    };

    /// <summary>Short words that may join two content words into one noun phrase ("days of leave", "cost per night").</summary>
    private static readonly HashSet<string> Joiners = new(StringComparer.OrdinalIgnoreCase) { "of", "for", "per", "in", "on", "at" };

    /// <summary>Words after which a demonstrative stands for a thing ("is that", "about this", "why that").</summary>
    private static readonly HashSet<string> BeforeStandalone = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "are", "was", "were", "does", "do", "did", "can", "could", "will", "would", "should", "must", "may", "might", "has", "have",
        "about", "for", "of", "with", "to", "on", "in", "from", "by", "like", "than", "why", "how", "what", "where", "when", "and", "but", "so",
    };

    /// <summary>Words after "it" that make it the empty subject of "it is possible to …", not a reference.</summary>
    private static readonly HashSet<string> EmptyItPredicates = new(StringComparer.OrdinalIgnoreCase)
    {
        "possible", "necessary", "allowed", "ok", "okay", "required", "mandatory", "true", "important", "fine", "safe", "worth", "easy", "hard", "better",
    };

    /// <summary>Subject pronouns: the word after one is a verb ("can I carry", "do we need"), never part of a subject noun phrase.</summary>
    private static readonly HashSet<string> SubjectPronouns = new(StringComparer.OrdinalIgnoreCase) { "i", "you", "we", "they", "he", "she", "to" };

    /// <summary>Words that carry the question's form, not its topic.</summary>
    private static readonly HashSet<string> QuestionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "many", "much", "long", "often", "get", "gets", "got", "need", "needs", "tell", "know", "please", "explain", "describe", "kind", "sort", "way",
        "happen", "happens", "mean", "means", "work", "works",
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

        var words = Words(trimmed);
        var referring = FindReferringWord(words);
        var opener = referring is null ? FindOpener(trimmed) : null;
        if (referring is null && opener is null)
        {
            return trimmed;
        }

        var subject = Subject(history[^1]);
        if (subject is null)
        {
            return trimmed;
        }

        if (referring is { } word)
        {
            var possessive = word.Text.Equals("its", StringComparison.OrdinalIgnoreCase) || word.Text.Equals("their", StringComparison.OrdinalIgnoreCase);
            var replacement = possessive ? (subject.EndsWith('s') ? $"the {subject}'" : $"the {subject}'s") : subject;
            if (word.Start == 0)
            {
                replacement = Capitalise(replacement);
            }

            return string.Concat(trimmed.AsSpan(0, word.Start), replacement, trimmed.AsSpan(word.Start + word.Text.Length));
        }

        var remainder = trimmed[opener!.Length..].Trim().TrimStart(',').Trim().TrimEnd('?', '.', '!', ' ');
        var remainderWords = Words(remainder);
        if (remainderWords.Count == 0)
        {
            return history[^1].StandaloneQuestion;
        }

        var first = remainderWords[0].Text;
        if (QuestionStarters.Contains(first))
        {
            // "And how long is the notice period?" is a whole question of its own.
            return trimmed;
        }

        if (opener.EndsWith("if", StringComparison.OrdinalIgnoreCase))
        {
            remainder = "if " + remainder;
        }
        else if (!Prepositions.Contains(first))
        {
            remainder = "for " + remainder;
        }

        // "travel limit for trains" + "for flights": the new phrase takes the place of the old one.
        var joined = Words(remainder)[0].Text;
        var cut = Words(subject).FirstOrDefault(w => w.Start > 0 && w.Text.Equals(joined, StringComparison.OrdinalIgnoreCase));
        var head = cut.Text is null ? subject : subject[..cut.Start].TrimEnd();
        return $"{Capitalise(head)} {remainder}?";
    }

    /// <summary>
    /// The previous turn's subject: among the noun phrases of its standalone question, the one whose words its answer
    /// repeats most (then the longest, then the first); with no noun phrase in the question, the answer's first.
    /// </summary>
    private string? Subject(ConversationTurn previous)
    {
        var phrases = NounPhrases(previous.StandaloneQuestion);
        if (phrases.Count == 0)
        {
            return NounPhrases(previous.Answer).FirstOrDefault().Text;
        }

        // What "how many" or "how much" asks about is the subject too: "How many lines does tail print?" is about lines.
        var answerTerms = _analyzer.Analyze(previous.Answer).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        return phrases
            .Select((phrase, index) => (phrase.Text, Score: phrase.Terms.Count(answerTerms.Contains) + (phrase.Measured ? 1 : 0), phrase.Terms.Count, index))
            .OrderByDescending(p => p.Score).ThenByDescending(p => p.Count).ThenBy(p => p.index)
            .First().Text;
    }

    /// <summary>
    /// Runs of content words (no question words, no verb right after a subject pronoun), two of them joined when one short
    /// word ("of", "for", "per") stands between: "days of annual leave", "travel reimbursement limit for trains".
    /// </summary>
    private List<(string Text, List<string> Terms, bool Measured)> NounPhrases(string text)
    {
        var tokens = _analyzer.Analyze(text);
        var phrases = new List<(string Text, List<string> Terms, bool Measured)>();
        var measured = false;
        int start = -1, end = -1;
        var terms = new List<string>();
        Token? last = null;
        foreach (var token in tokens)
        {
            var surface = text.Substring(token.Start, token.Length);
            var before = PreviousWord(text, token.Start);
            var content = !QuestionWords.Contains(surface) && !(before is not null && SubjectPronouns.Contains(before));
            if (!content)
            {
                Close();
                continue;
            }

            var between = last is { } l ? text[(l.Start + l.Length)..token.Start].Trim() : null;
            var continues = last is { } previous && (token.Position == previous.Position + 1
                || (token.Position == previous.Position + 2 && between is not null && Joiners.Contains(between)));
            if (!continues)
            {
                Close();
                start = token.Start;
                measured = before is not null && (before.Equals("many", StringComparison.OrdinalIgnoreCase) || before.Equals("much", StringComparison.OrdinalIgnoreCase));
            }

            end = token.Start + token.Length;
            terms.Add(token.Term);
            last = token;
        }

        Close();
        return phrases;

        void Close()
        {
            if (start >= 0)
            {
                phrases.Add((text[start..end], terms, measured));
            }

            start = -1;
            terms = [];
            last = null;
        }
    }

    /// <summary>The first word that refers back to the previous turn, if any.</summary>
    private static Word? FindReferringWord(List<Word> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var next = i + 1 < words.Count ? words[i + 1] : (Word?)null;
            if (Pronouns.Contains(word.Text))
            {
                var emptySubject = word.Text.Equals("it", StringComparison.OrdinalIgnoreCase) && next is { } n && EmptyItPredicates.Contains(n.Text);
                if (!emptySubject)
                {
                    return word;
                }
            }
            else if (Demonstratives.Contains(word.Text))
            {
                // "that" ends a clause ("change that?") or follows a verb-less word ("is that", "about this"): it stands for a
                // thing. After a noun ("a policy that covers") it joins a clause, and before a noun ("that form") it is a determiner.
                var endsClause = next is null || word.EndsClause;
                var standsAlone = i == 0 || BeforeStandalone.Contains(words[i - 1].Text);
                if (endsClause || standsAlone)
                {
                    return word;
                }
            }
        }

        return null;
    }

    private static string? FindOpener(string question)
    {
        foreach (var opener in FollowUpOpeners)
        {
            if (question.StartsWith(opener, StringComparison.OrdinalIgnoreCase)
                && (question.Length == opener.Length || !char.IsLetterOrDigit(question[opener.Length])))
            {
                return opener;
            }
        }

        return null;
    }

    private static string? PreviousWord(string text, int start)
    {
        var end = start;
        while (end > 0 && !char.IsLetterOrDigit(text[end - 1]))
        {
            if (text[end - 1] is '.' or '?' or '!' or ',' or ';' or ':')
            {
                return null;
            }

            end--;
        }

        var begin = end;
        while (begin > 0 && (char.IsLetterOrDigit(text[begin - 1]) || text[begin - 1] == '\''))
        {
            begin--;
        }

        return begin == end ? null : text[begin..end];
    }

    private static string Capitalise(string text) =>
        text.Length == 0 || char.IsUpper(text[0]) ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static List<Word> Words(string text)
    {
        var words = new List<Word>();
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
                var endsClause = i < text.Length && text[i] is '?' or '.' or '!' or ',' or ';' or ':';
                words.Add(new Word(text[start..i], start, endsClause));
                start = -1;
            }
        }

        return words;
    }

    /// <summary>One word of a question: its text, where it starts, and whether punctuation ends the clause right after it.</summary>
    private readonly record struct Word(string Text, int Start, bool EndsClause);
}
