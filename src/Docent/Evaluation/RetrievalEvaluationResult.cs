namespace Docent.Evaluation;

/// <summary>
/// The outcome of a retrieval evaluation on a BEIR-layout dataset: metric means with confidence intervals,
/// per-query values and the configuration used. Immutable.
/// </summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Split">The qrels split evaluated ("test", "train", …).</param>
/// <param name="Queries">Number of judged queries evaluated.</param>
/// <param name="Metrics">Metric means, keyed by trec_eval-style name: "ndcg@10", "recall@10", "recall@100", "mrr@10", "map@100", "p@10".</param>
/// <param name="PerQuery">Per-query metric values, keyed by query id, then metric name.</param>
/// <param name="Config">The configuration that produced the run (parameters, analyzer, …).</param>
public sealed record RetrievalEvaluationResult(
    string Dataset,
    string Split,
    int Queries,
    IReadOnlyDictionary<string, MetricValue> Metrics,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> PerQuery,
    IReadOnlyDictionary<string, string> Config);
