namespace Docent.Generation;

/// <summary>The outcome of <see cref="PerplexityEvaluator"/>: exp of the mean negative log-likelihood over the scored tokens. Immutable.</summary>
/// <param name="Perplexity">exp(<paramref name="MeanNegativeLogLikelihood"/>).</param>
/// <param name="MeanNegativeLogLikelihood">Mean −ln p(token | context) over the scored tokens, in nats.</param>
/// <param name="ScoredTokens">How many tokens were scored (all but the first).</param>
/// <param name="Windows">How many windows the model ran.</param>
public sealed record PerplexityResult(double Perplexity, double MeanNegativeLogLikelihood, int ScoredTokens, int Windows);
