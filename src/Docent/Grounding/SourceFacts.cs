using Docent.Answering;
using Docent.Text;

namespace Docent.Grounding;

/// <summary>
/// What the grounding check needs to know about one source: its terms, number values and words (text and
/// surroundings together), and its sentences. Built once per check; immutable after construction.
/// </summary>
internal sealed class SourceFacts
{
    private SourceFacts(
        GroundingPassage passage,
        HashSet<string> terms,
        HashSet<string> values,
        HashSet<string> words,
        List<SourceSentence> sentences)
    {
        Passage = passage;
        Terms = terms;
        Values = values;
        Words = words;
        Sentences = sentences;
    }

    public GroundingPassage Passage { get; }

    /// <summary>Analyzer terms of the text and the surroundings.</summary>
    public HashSet<string> Terms { get; }

    /// <summary>Canonical number values of the text and the surroundings.</summary>
    public HashSet<string> Values { get; }

    /// <summary>Lower-cased words (possessive dropped) of the text and the surroundings.</summary>
    public HashSet<string> Words { get; }

    /// <summary>The text's sentences, in order (at least one when the text is not blank).</summary>
    public List<SourceSentence> Sentences { get; }

    public static SourceFacts Build(GroundingPassage passage, ITextAnalyzer analyzer, ISentenceSplitter splitter)
    {
        var text = passage.Text;
        var tokens = analyzer.Analyze(text);
        var termsByStart = TextWords.TermsByStart(tokens);
        var terms = new HashSet<string>(tokens.Select(t => t.Term), StringComparer.Ordinal);
        var values = NumberMentions.ValuesIn(text);
        var words = new HashSet<string>(
            TextWords.Words(text, 0, text.Length, termsByStart).Select(w => TextWords.WithoutPossessive(w.Lower)),
            StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(passage.Context))
        {
            var context = passage.Context;
            var contextTokens = analyzer.Analyze(context);
            terms.UnionWith(contextTokens.Select(t => t.Term));
            values.UnionWith(NumberMentions.ValuesIn(context));
            words.UnionWith(TextWords.Words(context, 0, context.Length, TextWords.TermsByStart(contextTokens))
                .Select(w => TextWords.WithoutPossessive(w.Lower)));
        }

        var sentences = new List<SourceSentence>();
        var next = 0;
        foreach (var span in splitter.Split(text))
        {
            // Tokens and sentences are both in text order: one pass over the tokens.
            while (next < tokens.Count && tokens[next].Start < span.Start)
            {
                next++;
            }

            var sentenceTerms = new HashSet<string>(StringComparer.Ordinal);
            while (next < tokens.Count && tokens[next].Start < span.End)
            {
                sentenceTerms.Add(tokens[next++].Term);
            }

            sentences.Add(new SourceSentence(
                span,
                text.Substring(span.Start, span.Length),
                sentenceTerms,
                TextWords.Words(text, span.Start, span.End, termsByStart)));
        }

        return new SourceFacts(passage, terms, values, words, sentences);
    }
}
