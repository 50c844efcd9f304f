using Docent.Text;

namespace Docent.Retrieval;

/// <summary>
/// Lexical retrieval with RM3 pseudo-relevance feedback (Abdul-Jaleel et al. 2004; as in Anserini): a first
/// pass takes the top chunks as relevant, a relevance model P(t|R) = Σ_d w_d · tf(t,d)/|d| with w_d the
/// normalised first-pass score is estimated from them, its best terms are interpolated with the original
/// query (λ·P(t|Q) + (1−λ)·P(t|R)), and the weighted query runs again. Thread-safe.
/// </summary>
public sealed class FeedbackRetriever : DelegatingRetriever
{
    private readonly IWeightedTermRetriever _inner;
    private readonly ITextAnalyzer _analyzer;
    private readonly FeedbackOptions _options;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="analyzer"/> must be the index's analyzer.</summary>
    public FeedbackRetriever(IWeightedTermRetriever inner, ITextAnalyzer analyzer, FeedbackOptions? options = null)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        var copy = options is null ? new FeedbackOptions() : new FeedbackOptions
        {
            Documents = options.Documents,
            Terms = options.Terms,
            OriginalQueryWeight = options.OriginalQueryWeight,
        };
        copy.Validate();
        _inner = inner;
        _analyzer = analyzer;
        _options = copy;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RetrievalOptions();
        options.Validate();
        var queryTerms = _analyzer.Analyze(query);
        if (queryTerms.Count == 0 || _options.OriginalQueryWeight >= 1)
        {
            return await _inner.RetrieveAsync(query, options, cancellationToken).ConfigureAwait(false);
        }

        var feedback = await _inner.RetrieveAsync(query, options.WithTop(_options.Documents), cancellationToken).ConfigureAwait(false);
        if (feedback.Count == 0)
        {
            return feedback;
        }

        var expanded = Expand(queryTerms, feedback);
        return await _inner.RetrieveAsync(expanded, options, cancellationToken).ConfigureAwait(false);
    }

    private List<WeightedTerm> Expand(IReadOnlyList<Token> queryTerms, IReadOnlyList<RetrievedChunk> feedback)
    {
        var total = feedback.Sum(f => Math.Max(0, f.Score));
        var relevance = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var chunk in feedback)
        {
            var tokens = _analyzer.Analyze(chunk.Chunk.Text);
            if (tokens.Count == 0)
            {
                continue;
            }

            var weight = total > 0 ? Math.Max(0, chunk.Score) / total : 1.0 / feedback.Count;
            foreach (var token in tokens)
            {
                relevance[token.Term] = relevance.GetValueOrDefault(token.Term) + (weight / tokens.Count);
            }
        }

        var best = relevance.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(_options.Terms).ToList();
        var bestMass = best.Sum(p => p.Value);
        var lambda = _options.OriginalQueryWeight;
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var token in queryTerms)
        {
            weights[token.Term] = weights.GetValueOrDefault(token.Term) + (lambda / queryTerms.Count);
        }

        foreach (var (term, value) in best)
        {
            weights[term] = weights.GetValueOrDefault(term) + ((1 - lambda) * value / bestMass);
        }

        return weights.Select(p => new WeightedTerm(p.Key, p.Value)).ToList();
    }
}
