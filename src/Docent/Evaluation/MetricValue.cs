namespace Docent.Evaluation;

/// <summary>A metric's mean over queries with its 95% bootstrap confidence interval. Immutable.</summary>
public sealed record MetricValue(string Name, double Mean, double Low, double High);
