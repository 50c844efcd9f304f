using System.Text.RegularExpressions;
using Docent.Evaluation;

namespace Docent.Tests.Evaluation;

public sealed class ReportWriterTests
{
    private static readonly (string Name, double NdcgAt10)[] Anchors = [("BM25 (Pyserini)", 0.6647), ("Contriever", 0.6772)];

    [Fact]
    public void Retrieval_report_is_one_offline_html_document_with_a_chart_per_section()
    {
        var html = EvaluationReportWriter.RenderRetrieval(Result("scifact", 0.0), Anchors);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Single(Regex.Matches(html, "<html"));
        Assert.Single(Regex.Matches(html, "</html>"));
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        // Metric bars, per-query histogram, anchors: one svg each.
        Assert.Equal(3, Regex.Matches(html, "<svg").Count);
        Assert.Equal(3, Regex.Matches(html, "</svg>").Count);
    }

    [Fact]
    public void Retrieval_report_names_the_dataset_metrics_means_and_anchors()
    {
        var html = EvaluationReportWriter.RenderRetrieval(Result("scifact", 0.0), Anchors);

        Assert.Contains("scifact", html);
        Assert.Contains("<b>test</b>", html);
        Assert.Contains("5 judged queries", html);
        Assert.Contains("ndcg@10", html);
        Assert.Contains("0.6812", html);
        Assert.Contains("recall@100", html);
        Assert.Contains("0.9067", html);
        Assert.Contains("mrr@10", html);
        Assert.Contains("0.6432", html);
        Assert.Contains("BM25 (Pyserini)", html);
        Assert.Contains("Contriever", html);
        Assert.Contains("Docent (this run)", html);
        // Anchors sorted by nDCG@10, highest first: ours (0.6812) above Contriever (0.6772) above BM25 (0.6647).
        var ours = html.IndexOf("Docent (this run)", StringComparison.Ordinal);
        Assert.True(ours < html.IndexOf("Contriever", StringComparison.Ordinal));
        Assert.True(html.IndexOf("Contriever", StringComparison.Ordinal) < html.IndexOf("BM25 (Pyserini)", StringComparison.Ordinal));
        // No comparison section without a baseline.
        Assert.DoesNotContain("Paired difference", html);
    }

    [Fact]
    public void Config_values_are_html_escaped()
    {
        var html = EvaluationReportWriter.RenderRetrieval(Result("scifact", 0.0), Anchors);

        Assert.Contains("&lt;b&gt;&amp;", html);
        Assert.DoesNotContain("<b>&", html);
        Assert.Contains("bm25.k1", html);
    }

    [Fact]
    public void Per_query_histogram_counts_every_query_once()
    {
        var html = EvaluationReportWriter.RenderRetrieval(Result("scifact", 0.0), Anchors);

        // Per-query nDCG@10 is 0, 0.35, 0.92, 1.0, 1.0: bins 0.0–0.1 (1), 0.3–0.4 (1), 0.9–1.0 (3).
        var counts = Regex.Matches(html, "<title>(\\d\\.\\d–\\d\\.\\d): (\\d+)</title>")
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(10, counts.Count);
        Assert.Equal(1, counts["0.0–0.1"]);
        Assert.Equal(1, counts["0.3–0.4"]);
        Assert.Equal(3, counts["0.9–1.0"]);
        Assert.Equal(5, counts.Values.Sum());
    }

    [Fact]
    public void Compare_report_shows_both_runs_the_paired_difference_and_the_p_value()
    {
        var baseline = Result("scifact", 0.1);
        var html = EvaluationReportWriter.RenderRetrieval(Result("scifact", 0.0), Anchors, baseline, 0.0321);

        Assert.Contains("Paired difference", html);
        Assert.Contains("0.0321", html);
        Assert.Contains("significant at 0.05", html);
        // Every per-query nDCG@10 of the baseline is 0.1 lower where that stays >= 0, so the paired difference is positive.
        Assert.Matches("ndcg@10</td><td class=\"num\">0\\.6812 \\[0\\.6100, 0\\.7400\\]</td><td class=\"num\">[0-9.]+ \\[[0-9., ]+\\]</td><td class=\"num\">\\+0\\.\\d{4}</td><td class=\"num\">0\\.0321</td>", html);
        Assert.DoesNotContain("http://", html);
    }

    [Fact]
    public void Qa_report_has_metric_bars_latency_text_and_f1_histogram()
    {
        var metrics = new Dictionary<string, double> { ["hit@1"] = 0.55, ["hit@5"] = 0.81, ["contains"] = 0.62, ["em"] = 0.4, ["f1"] = 0.5731 };
        var latency = new Dictionary<string, double> { ["p95"] = 1830.25, ["p50"] = 412.5 };
        var config = new Dictionary<string, string> { ["model"] = "<b>&" };

        var html = EvaluationReportWriter.RenderQa(metrics, latency, [0.0, 0.5, 1.0, 0.75], config, "QA on <hotpot>");

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, Regex.Matches(html, "<svg").Count);
        Assert.Contains("QA on &lt;hotpot&gt;", html);
        foreach (var name in metrics.Keys)
        {
            Assert.Contains(name, html);
        }

        Assert.Contains("0.5731", html);
        Assert.Contains("412.5 ms", html);
        Assert.Contains("1830.3 ms", html);
        Assert.True(html.IndexOf("p50", StringComparison.Ordinal) < html.IndexOf("p95", StringComparison.Ordinal));
        Assert.Contains("&lt;b&gt;&amp;", html);
    }

    /// <summary>A hand-built run; <paramref name="lower"/> shifts every per-query nDCG@10 down (floored at 0).</summary>
    private static RetrievalEvaluationResult Result(string dataset, double lower)
    {
        var ndcg = new Dictionary<string, double> { ["q1"] = 0.0, ["q2"] = 0.35, ["q3"] = 0.92, ["q4"] = 1.0, ["q5"] = 1.0 };
        var perQuery = ndcg.ToDictionary(
            p => p.Key,
            p => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["ndcg@10"] = Math.Max(0, p.Value - lower), ["recall@100"] = 1.0 });
        var metrics = new Dictionary<string, MetricValue>
        {
            ["ndcg@10"] = new("ndcg@10", 0.6812 - lower, 0.61 - lower, 0.74 - lower),
            ["recall@100"] = new("recall@100", 0.9067, 0.85, 0.95),
            ["mrr@10"] = new("mrr@10", 0.6432, 0.58, 0.7),
        };
        var config = new Dictionary<string, string> { ["bm25.k1"] = "0.9", ["analyzer"] = "<b>&" };
        return new RetrievalEvaluationResult(dataset, "test", 5, metrics, perQuery, config);
    }
}
