using System.Collections.Concurrent;
using Docent.Retrieval;
using Docent.Text;

namespace Docent.Tests.Retrieval;

/// <summary>
/// The plain reference scorer the BM25 index's fast path is checked against: the BM25F formula written out
/// directly over the live chunks themselves (analysed here, field frequencies saturating as the index stores them),
/// recomputing N, df and average lengths from scratch, with a dictionary of scores. It shares nothing with the
/// index but the analyzer and the options, so it checks the postings as well as the query path. Thread-safe.
/// </summary>
internal sealed class Bm25ReferenceScorer(ITextAnalyzer analyzer, Bm25Options? options = null)
{
    // What each field's term frequency saturates at in the index's postings (title and headings 8 bits, body 16).
    private const int SmallFieldMaximum = 0xFF;
    private const int BodyMaximum = 0xFFFF;

    private readonly Bm25Options _options = options ?? new Bm25Options();
    private readonly ConcurrentDictionary<LexicalDocument, AnalysedDocument> _analysed = new(ReferenceEqualityComparer.Instance);

    /// <summary>Every chunk of <paramref name="liveDocuments"/> with a positive score for <paramref name="query"/>, by key.</summary>
    public Dictionary<long, double> Scores(IEnumerable<LexicalDocument> liveDocuments, string query)
    {
        var queryFrequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in analyzer.Analyze(query))
        {
            queryFrequencies[token.Term] = queryFrequencies.GetValueOrDefault(token.Term) + 1;
        }

        var fields = liveDocuments.Select(Analysed).ToList();
        int n = fields.Count;
        double titleAverage = n > 0 ? fields.Sum(f => (long)f.Title.Length) / (double)n : 0;
        double headingsAverage = n > 0 ? fields.Sum(f => (long)f.Headings.Length) / (double)n : 0;
        double bodyAverage = n > 0 ? fields.Sum(f => (long)f.Body.Length) / (double)n : 0;
        double k1 = _options.K1;

        var scores = new Dictionary<long, double>();
        foreach ((string term, int queryFrequency) in queryFrequencies)
        {
            var containing = fields.Where(f => f.Title.Tf.ContainsKey(term) || f.Headings.Tf.ContainsKey(term) || f.Body.Tf.ContainsKey(term)).ToList();
            if (containing.Count == 0)
            {
                continue;
            }

            double idf = Math.Log(1 + ((n - containing.Count + 0.5) / (containing.Count + 0.5)));
            foreach (var field in containing)
            {
                double weighted =
                    WeightedFrequency(field.Title.Frequency(term, SmallFieldMaximum), _options.TitleWeight, field.Title.Length, titleAverage)
                    + WeightedFrequency(field.Headings.Frequency(term, SmallFieldMaximum), _options.HeadingsWeight, field.Headings.Length, headingsAverage)
                    + WeightedFrequency(field.Body.Frequency(term, BodyMaximum), _options.BodyWeight, field.Body.Length, bodyAverage);
                if (weighted <= 0)
                {
                    continue;
                }

                double score = queryFrequency * idf * weighted * (k1 + 1) / (k1 + weighted);
                scores[field.Key] = scores.GetValueOrDefault(field.Key) + score;
            }
        }

        return scores;
    }

    // Each chunk is analysed once per scorer: tests score hundreds of queries over the same chunks.
    private AnalysedDocument Analysed(LexicalDocument document) =>
        _analysed.GetOrAdd(document, d => new AnalysedDocument(d.Key, Field(d.Title), Field(d.Headings), Field(d.Body)));

    private AnalysedField Field(string? text)
    {
        var tf = new Dictionary<string, int>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return new AnalysedField(tf, 0);
        }

        var tokens = analyzer.Analyze(text);
        foreach (var token in tokens)
        {
            tf[token.Term] = tf.GetValueOrDefault(token.Term) + 1;
        }

        return new AnalysedField(tf, tokens.Count);
    }

    private double WeightedFrequency(int tf, double weight, int length, double average)
    {
        if (tf == 0)
        {
            return 0;
        }

        double ratio = average > 0 ? length / average : 0;
        return weight * tf / (1 - _options.B + (_options.B * ratio));
    }

    /// <summary>A field's term frequencies (unsaturated) and its length in tokens.</summary>
    private sealed record AnalysedField(Dictionary<string, int> Tf, int Length)
    {
        public int Frequency(string term, int maximum) => Math.Min(maximum, Tf.GetValueOrDefault(term));
    }

    private sealed record AnalysedDocument(long Key, AnalysedField Title, AnalysedField Headings, AnalysedField Body);
}
