using System.Globalization;
using System.Net;
using System.Text;

namespace Docent.Evaluation;

/// <summary>
/// Draws the report's charts (vertical bars with optional error bars, histograms, horizontal bars) as inline SVG
/// strings. Hand-written rather than a charting package so the report stays one self-contained, offline HTML file
/// with no scripts. Stateless and thread-safe.
/// </summary>
internal static class ReportSvg
{
    private const int Width = 640;
    private const string BarColour = "#4c78a8";
    private const string HighlightColour = "#e45756";
    private const string AxisColour = "#c8c8c8";
    private const string TextColour = "#333";

    /// <summary>One bar: a label, its value, an optional interval drawn as an error bar, and whether to highlight it.</summary>
    internal readonly record struct Bar(string Label, double Value, double? Low = null, double? High = null, bool Highlight = false);

    /// <summary>Vertical bars on a 0..<paramref name="max"/> axis; values and ticks are written with <paramref name="format"/>.</summary>
    public static string VerticalBars(IReadOnlyList<Bar> bars, double max, string title, Func<double, string> format)
    {
        const int height = 280, left = 48, right = 12, top = 20, bottom = 40;
        const double plotWidth = Width - left - right, plotHeight = height - top - bottom;
        max = max > 0 ? max : 1;
        double Y(double value) => top + plotHeight - plotHeight * Math.Clamp(value / max, 0, 1);

        var svg = Open(height, title);
        for (var i = 0; i <= 4; i++)
        {
            var tick = max * i / 4;
            var y = Y(tick);
            svg.Append($"<line x1=\"{N(left)}\" y1=\"{N(y)}\" x2=\"{N(Width - right)}\" y2=\"{N(y)}\" stroke=\"{AxisColour}\" stroke-width=\"1\"/>");
            svg.Append($"<text x=\"{N(left - 6)}\" y=\"{N(y + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"{TextColour}\">{Enc(format(tick))}</text>");
        }

        var slot = plotWidth / Math.Max(1, bars.Count);
        var barWidth = Math.Min(slot * 0.6, 80);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var centre = left + slot * i + slot / 2;
            var y = Y(bar.Value);
            var colour = bar.Highlight ? HighlightColour : BarColour;
            svg.Append($"<rect x=\"{N(centre - barWidth / 2)}\" y=\"{N(y)}\" width=\"{N(barWidth)}\" height=\"{N(top + plotHeight - y)}\" fill=\"{colour}\" rx=\"2\">");
            svg.Append($"<title>{Enc(bar.Label)}: {Enc(format(bar.Value))}</title></rect>");
            var labelY = y;
            if (bar.Low is { } low && bar.High is { } high)
            {
                var yLow = Y(low);
                var yHigh = Y(high);
                var cap = barWidth * 0.2;
                svg.Append($"<path d=\"M{N(centre)} {N(yLow)}V{N(yHigh)}M{N(centre - cap)} {N(yLow)}H{N(centre + cap)}M{N(centre - cap)} {N(yHigh)}H{N(centre + cap)}\" stroke=\"{TextColour}\" stroke-width=\"1.5\" fill=\"none\"/>");
                labelY = Math.Min(y, yHigh);
            }

            svg.Append($"<text x=\"{N(centre)}\" y=\"{N(labelY - 5)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{TextColour}\">{Enc(format(bar.Value))}</text>");
            svg.Append($"<text x=\"{N(centre)}\" y=\"{N(top + plotHeight + 16)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{TextColour}\">{Enc(bar.Label)}</text>");
        }

        return Close(svg);
    }

    /// <summary>One curve of a line chart: its legend label, colour and (x, y) points.</summary>
    internal readonly record struct Series(string Label, string Colour, IReadOnlyList<(double X, double Y)> Points);

    /// <summary>
    /// Curves on a 0..1 × 0..1 plot with a legend; a dashed vertical line marks <paramref name="marker"/> (when given),
    /// labelled <paramref name="markerLabel"/>.
    /// </summary>
    public static string Lines(IReadOnlyList<Series> series, double? marker, string markerLabel, string xLabel, string title)
    {
        const int height = 300, left = 48, right = 12, top = 28, bottom = 44;
        const double plotWidth = Width - left - right, plotHeight = height - top - bottom;
        double X(double value) => left + plotWidth * Math.Clamp(value, 0, 1);
        double Y(double value) => top + plotHeight - plotHeight * Math.Clamp(value, 0, 1);

        var svg = Open(height, title);
        for (var i = 0; i <= 4; i++)
        {
            var tick = i / 4.0;
            svg.Append($"<line x1=\"{N(left)}\" y1=\"{N(Y(tick))}\" x2=\"{N(Width - right)}\" y2=\"{N(Y(tick))}\" stroke=\"{AxisColour}\" stroke-width=\"1\"/>");
            svg.Append($"<text x=\"{N(left - 6)}\" y=\"{N(Y(tick) + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"{TextColour}\">{Enc(tick.ToString("0.00", CultureInfo.InvariantCulture))}</text>");
            svg.Append($"<text x=\"{N(X(tick))}\" y=\"{N(top + plotHeight + 16)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{TextColour}\">{Enc(tick.ToString("0.00", CultureInfo.InvariantCulture))}</text>");
        }

        svg.Append($"<text x=\"{N(left + plotWidth / 2)}\" y=\"{N(height - 6)}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{TextColour}\">{Enc(xLabel)}</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var line = series[s];
            var path = string.Join("", line.Points.Select((p, i) => $"{(i == 0 ? "M" : "L")}{N(X(p.X))} {N(Y(p.Y))}"));
            svg.Append($"<path d=\"{path}\" stroke=\"{line.Colour}\" stroke-width=\"2\" fill=\"none\"><title>{Enc(line.Label)}</title></path>");
            var legendX = left + 8 + (s * 200);
            svg.Append($"<rect x=\"{N(legendX)}\" y=\"6\" width=\"14\" height=\"4\" fill=\"{line.Colour}\"/>");
            svg.Append($"<text x=\"{N(legendX + 18)}\" y=\"12\" font-size=\"11\" fill=\"{TextColour}\">{Enc(line.Label)}</text>");
        }

        if (marker is { } at)
        {
            svg.Append($"<line x1=\"{N(X(at))}\" y1=\"{N(top)}\" x2=\"{N(X(at))}\" y2=\"{N(top + plotHeight)}\" stroke=\"{TextColour}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>");
            svg.Append($"<text x=\"{N(X(at) + 4)}\" y=\"{N(top + 12)}\" font-size=\"11\" fill=\"{TextColour}\">{Enc(markerLabel)}</text>");
        }

        return Close(svg);
    }

    /// <summary>A histogram of <paramref name="values"/> in <paramref name="bins"/> equal bins over [min, max]; the last bin includes max.</summary>
    public static string Histogram(IReadOnlyList<double> values, int bins, double min, double max, string title)
    {
        var counts = new int[bins];
        foreach (var value in values)
        {
            var bin = (int)Math.Floor((value - min) / (max - min) * bins);
            counts[Math.Clamp(bin, 0, bins - 1)]++;
        }

        var step = (max - min) / bins;
        var bars = new Bar[bins];
        for (var i = 0; i < bins; i++)
        {
            var from = min + step * i;
            bars[i] = new Bar($"{from.ToString("0.0", CultureInfo.InvariantCulture)}–{(from + step).ToString("0.0", CultureInfo.InvariantCulture)}", counts[i]);
        }

        // Round the axis up to a multiple of 4 so the four tick steps land on whole counts.
        var top = Math.Max(4, (int)Math.Ceiling(counts.Max() / 4.0) * 4);
        return VerticalBars(bars, top, title, v => v.ToString("0", CultureInfo.InvariantCulture));
    }

    /// <summary>Horizontal bars on a 0..<paramref name="max"/> axis, one row per bar, labels on the left.</summary>
    public static string HorizontalBars(IReadOnlyList<Bar> bars, double max, string title, Func<double, string> format)
    {
        const int rowHeight = 28, left = 200, right = 60, top = 8;
        const double plotWidth = Width - left - right;
        max = max > 0 ? max : 1;
        var height = top * 2 + rowHeight * bars.Count;

        var svg = Open(height, title);
        svg.Append($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - top}\" stroke=\"{AxisColour}\" stroke-width=\"1\"/>");
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = top + rowHeight * i;
            var length = plotWidth * Math.Clamp(bar.Value / max, 0, 1);
            var colour = bar.Highlight ? HighlightColour : BarColour;
            var weight = bar.Highlight ? " font-weight=\"bold\"" : "";
            svg.Append($"<text x=\"{left - 8}\" y=\"{N(y + rowHeight / 2.0 + 4)}\" text-anchor=\"end\" font-size=\"12\" fill=\"{TextColour}\"{weight}>{Enc(bar.Label)}</text>");
            svg.Append($"<rect x=\"{left}\" y=\"{N(y + 5)}\" width=\"{N(length)}\" height=\"{rowHeight - 10}\" fill=\"{colour}\" rx=\"2\"/>");
            svg.Append($"<text x=\"{N(left + length + 6)}\" y=\"{N(y + rowHeight / 2.0 + 4)}\" font-size=\"12\" fill=\"{TextColour}\"{weight}>{Enc(format(bar.Value))}</text>");
        }

        return Close(svg);
    }

    // No xmlns attribute: inline SVG in HTML5 needs none, and the page must not name any URL.
    private static StringBuilder Open(int height, string title) =>
        new StringBuilder()
            .Append($"<svg class=\"chart\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{Enc(title)}\">")
            .Append($"<title>{Enc(title)}</title>");

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
