using System.Globalization;
using System.Text;
using static Docent.Evaluation.ReportHtml;

namespace Docent.Evaluation;

/// <summary>
/// Renders an evaluation run as one self-contained HTML page: no scripts, fonts, images or stylesheets from
/// anywhere else, charts drawn as inline SVG, all text HTML-encoded, so the file can be opened offline or attached
/// to a result. Stateless and thread-safe.
/// </summary>
public static class EvaluationReportWriter
{
    private const string PrimaryMetric = "ndcg@10";
    private static readonly string[] RetrievalOrder = ["ndcg@10", "recall@10", "recall@100", "mrr@10", "map@100", "p@10"];
    private static readonly string[] QaOrder =
    [
        "answered-correctly", "refused-correctly", "hit@1", "hit@5", "contains", "em", "f1",
        "hasAns-em", "hasAns-f1", "noAns-em", "noAns-f1", "citation-precision", "citation-recall",
    ];

    /// <summary>
    /// Renders a retrieval run: metric means with 95% intervals, the per-query nDCG@10 histogram, our nDCG@10 beside
    /// published <paramref name="anchors"/>, an optional paired comparison with <paramref name="compare"/> (its
    /// <paramref name="compareP"/> is the paired test's p-value on nDCG@10) and the configuration.
    /// </summary>
    public static string RenderRetrieval(
        RetrievalEvaluationResult result,
        IReadOnlyList<(string Name, double NdcgAt10)> anchors,
        RetrievalEvaluationResult? compare = null,
        double? compareP = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(anchors);

        var title = $"Retrieval evaluation: {result.Dataset}";
        var html = new StringBuilder();
        html.Append($"<h1>{Enc(title)}</h1>\n");
        html.Append($"<p class=\"sub\">Split <b>{Enc(result.Split)}</b> · {result.Queries.ToString(CultureInfo.InvariantCulture)} judged queries</p>\n");

        var metrics = Ordered(result.Metrics.Keys, RetrievalOrder).Select(name => result.Metrics[name]).ToList();
        html.Append("<h2>Metrics (mean, 95% bootstrap interval)</h2>\n");
        var bars = metrics.Select(m => new ReportSvg.Bar(m.Name, m.Mean, m.Low, m.High)).ToList();
        html.Append(ReportSvg.VerticalBars(bars, 1.0, "Metric means with 95% intervals", F3)).Append('\n');
        Table(html, ["Metric", "Mean", "95% low", "95% high"], metrics.Select(m => (IReadOnlyList<string>)[m.Name, F4(m.Mean), F4(m.Low), F4(m.High)]), numericFrom: 1);

        var perQuery = result.PerQuery.Values
            .Select(values => values.TryGetValue(PrimaryMetric, out var v) ? (double?)v : null)
            .OfType<double>()
            .ToList();
        html.Append("<h2>Per-query nDCG@10</h2>\n");
        html.Append(ReportSvg.Histogram(perQuery, 10, 0, 1, "Histogram of per-query nDCG@10 (number of queries per bin)")).Append('\n');
        html.Append($"<p class=\"note\">{perQuery.Count.ToString(CultureInfo.InvariantCulture)} queries; "
            + $"{perQuery.Count(v => v == 0).ToString(CultureInfo.InvariantCulture)} score 0.</p>\n");

        html.Append("<h2>Our nDCG@10 beside the anchors</h2>\n");
        if (result.Metrics.TryGetValue(PrimaryMetric, out var ours))
        {
            var rows = anchors.Select(a => new ReportSvg.Bar(a.Name, a.NdcgAt10))
                .Append(new ReportSvg.Bar("Docent (this run)", ours.Mean, Highlight: true))
                .OrderByDescending(b => b.Value)
                .ToList();
            var max = Math.Min(1.0, Math.Ceiling(rows.Max(b => b.Value) * 10 + 0.5) / 10);
            html.Append(ReportSvg.HorizontalBars(rows, max, "nDCG@10: this run beside published anchors", F4)).Append('\n');
        }
        else
        {
            html.Append("<p class=\"note\">This run has no nDCG@10.</p>\n");
        }

        if (compare is not null)
        {
            AppendComparison(html, result, compare, compareP);
        }

        ConfigTable(html, result.Config);
        return Page(title, html.ToString());
    }

    /// <summary>
    /// Renders a question-answering run: bars for answered-correctly, refused-correctly, hit@1, hit@5, contains, em,
    /// f1, the HasAns/NoAns split and the citation precision and recall (those present), the latency
    /// percentiles in milliseconds as text, a histogram of per-question F1 and the configuration.
    /// </summary>
    public static string RenderQa(
        IReadOnlyDictionary<string, double> metrics,
        IReadOnlyDictionary<string, double> latencyMs,
        IReadOnlyList<double> perQuestionF1,
        IReadOnlyDictionary<string, string> config,
        string title,
        IReadOnlyList<QaThresholdPoint>? sweep = null,
        double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(latencyMs);
        ArgumentNullException.ThrowIfNull(perQuestionF1);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(title);

        var html = new StringBuilder();
        html.Append($"<h1>{Enc(title)}</h1>\n");
        html.Append($"<p class=\"sub\">{perQuestionF1.Count.ToString(CultureInfo.InvariantCulture)} questions</p>\n");

        html.Append("<h2>Answer quality</h2>\n");
        var bars = QaOrder.Where(metrics.ContainsKey).Select(name => new ReportSvg.Bar(name, metrics[name])).ToList();
        html.Append(ReportSvg.VerticalBars(bars, 1.0, "Answer quality metrics", F3)).Append('\n');
        Table(html, ["Metric", "Value"], Ordered(metrics.Keys, QaOrder).Select(name => (IReadOnlyList<string>)[name, F4(metrics[name])]), numericFrom: 1);

        if (sweep is { Count: > 0 })
        {
            AppendSweep(html, sweep, threshold);
        }

        html.Append("<h2>Latency</h2>\n<p class=\"stats\">");
        if (latencyMs.Count == 0)
        {
            html.Append("No latency recorded.");
        }

        var latencies = Ordered(latencyMs.Keys, ["p50", "p95"])
            .Select(key => $"{Enc(key)}: <b>{latencyMs[key].ToString("0.0", CultureInfo.InvariantCulture)} ms</b>");
        html.Append(string.Join(" · ", latencies)).Append("</p>\n");

        html.Append("<h2>Per-question F1</h2>\n");
        html.Append(ReportSvg.Histogram(perQuestionF1, 10, 0, 1, "Histogram of per-question F1 (number of questions per bin)")).Append('\n');

        ConfigTable(html, config);
        return Page(title, html.ToString());
    }

    /// <summary>The answer-or-refuse curves over the confidence threshold, the threshold in use marked, and a few rows of the table.</summary>
    private static void AppendSweep(StringBuilder html, IReadOnlyList<QaThresholdPoint> sweep, double? threshold)
    {
        html.Append("<h2>Answer or refuse over the confidence threshold</h2>\n");
        html.Append("<p class=\"note\">A question is answered when its answer's confidence is at least the threshold. "
            + "answered-correctly: answerable questions answered right; refused-correctly: unanswerable questions refused.</p>\n");
        var series = new List<ReportSvg.Series>();
        if (sweep.All(p => p.AnsweredCorrectly is not null))
        {
            series.Add(new("answered-correctly", "#4c78a8", sweep.Select(p => (p.Threshold, p.AnsweredCorrectly!.Value)).ToList()));
        }

        if (sweep.All(p => p.RefusedCorrectly is not null))
        {
            series.Add(new("refused-correctly", "#e45756", sweep.Select(p => (p.Threshold, p.RefusedCorrectly!.Value)).ToList()));
        }

        var label = threshold is { } t ? "threshold in use " + t.ToString("0.00", CultureInfo.InvariantCulture) : "";
        html.Append(ReportSvg.Lines(series, threshold, label, "confidence threshold", "answered-correctly and refused-correctly over the confidence threshold")).Append('\n');
        var rows = sweep.Where(p => Math.Round(p.Threshold * 100) % 10 == 0 || (threshold is { } used && Math.Abs(p.Threshold - used) < 0.005))
            .Select(p => (IReadOnlyList<string>)[
                p.Threshold.ToString("0.00", CultureInfo.InvariantCulture) + (threshold is { } used && Math.Abs(p.Threshold - used) < 0.005 ? " (in use)" : ""),
                p.AnsweredCorrectly is { } a ? F4(a) : "—",
                p.RefusedCorrectly is { } r ? F4(r) : "—"]);
        Table(html, ["Threshold", "answered-correctly", "refused-correctly"], rows, numericFrom: 1);
    }

    private static void AppendComparison(StringBuilder html, RetrievalEvaluationResult result, RetrievalEvaluationResult compare, double? compareP)
    {
        html.Append("<h2>Comparison with the baseline run</h2>\n");
        html.Append($"<p class=\"note\">Baseline: {Enc(compare.Dataset)} / {Enc(compare.Split)}, "
            + $"{compare.Queries.ToString(CultureInfo.InvariantCulture)} queries. Difference = this run − baseline, "
            + "averaged over the queries both runs judged.</p>\n");

        var names = Ordered(result.Metrics.Keys.Intersect(compare.Metrics.Keys), RetrievalOrder);
        var rows = names.Select(name =>
        {
            var ours = result.Metrics[name];
            var theirs = compare.Metrics[name];
            var p = name == PrimaryMetric && compareP is { } value ? FormatP(value) : "—";
            return (IReadOnlyList<string>)[name, Interval(ours), Interval(theirs), Signed(PairedDifference(result, compare, name)), p];
        });
        Table(html, ["Metric", "This run", "Baseline", "Paired difference", "p-value"], rows, numericFrom: 1);

        if (compareP is { } pValue)
        {
            html.Append($"<p class=\"stats\">Paired test on nDCG@10: p = <b>{Enc(FormatP(pValue))}</b>"
                + (pValue < 0.05 ? " (significant at 0.05)" : " (not significant at 0.05)") + "</p>\n");
        }
    }

    /// <summary>The mean per-query difference over shared query ids; the difference of means when none are shared.</summary>
    private static double PairedDifference(RetrievalEvaluationResult result, RetrievalEvaluationResult compare, string metric)
    {
        var diffs = new List<double>();
        foreach (var (queryId, values) in result.PerQuery)
        {
            if (values.TryGetValue(metric, out var ours)
                && compare.PerQuery.TryGetValue(queryId, out var other)
                && other.TryGetValue(metric, out var theirs))
            {
                diffs.Add(ours - theirs);
            }
        }

        return diffs.Count > 0 ? diffs.Average() : result.Metrics[metric].Mean - compare.Metrics[metric].Mean;
    }

    /// <summary>Known names in their preferred order, then the rest in ordinal order.</summary>
    private static List<string> Ordered(IEnumerable<string> names, IReadOnlyList<string> preferred)
    {
        var set = names.ToHashSet(StringComparer.Ordinal);
        return preferred.Where(set.Contains)
            .Concat(set.Where(n => !preferred.Contains(n)).Order(StringComparer.Ordinal))
            .ToList();
    }

    private static string Interval(MetricValue m) => $"{F4(m.Mean)} [{F4(m.Low)}, {F4(m.High)}]";

    private static string Signed(double value) => (value >= 0 ? "+" : "") + F4(value);

    private static string FormatP(double p) => p < 0.0001 ? "< 0.0001" : F4(p);
}
