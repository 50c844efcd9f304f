using System.Globalization;
using System.Net;
using System.Text;

namespace Docent.Evaluation;

/// <summary>
/// The report's HTML building blocks: the page shell with its inline stylesheet, headings, tables and number
/// formatting. Every piece of text goes through <see cref="WebUtility.HtmlEncode(string)"/>. Stateless and thread-safe.
/// </summary>
internal static class ReportHtml
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#222;background:#fafafa;margin:0}
        main{max-width:960px;margin:0 auto;padding:24px}
        h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.15em;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
        .sub{color:#666;margin:0 0 16px}.note{color:#666;font-size:.9em}
        table{border-collapse:collapse;font-size:.92em;background:#fff}
        th,td{border:1px solid #ddd;padding:4px 10px;text-align:left}th{background:#f0f0f0}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .chart{max-width:100%;height:auto;background:#fff;border:1px solid #e4e4e4;border-radius:4px}
        .stats{font-size:1.05em}.stats b{font-variant-numeric:tabular-nums}
        """;

    /// <summary>Wraps the body into one complete HTML document.</summary>
    public static string Page(string title, string body) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Enc(title)}</title>
        <style>
        {Style}
        </style>
        </head>
        <body>
        <main>
        {body}
        </main>
        </body>
        </html>

        """;

    /// <summary>A table; header and cells are plain text and get encoded. Columns from <paramref name="numericFrom"/> on are right-aligned.</summary>
    public static void Table(StringBuilder html, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int numericFrom = int.MaxValue)
    {
        html.Append("<table><thead><tr>");
        foreach (var cell in header)
        {
            html.Append("<th>").Append(Enc(cell)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                html.Append(i >= numericFrom ? "<td class=\"num\">" : "<td>").Append(Enc(row[i])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    /// <summary>The configuration as a key/value table sorted by key, or a note when it is empty.</summary>
    public static void ConfigTable(StringBuilder html, IReadOnlyDictionary<string, string> config)
    {
        html.Append("<h2>Configuration</h2>\n");
        if (config.Count == 0)
        {
            html.Append("<p class=\"note\">No configuration recorded.</p>\n");
            return;
        }

        Table(html, ["Key", "Value"], config.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (IReadOnlyList<string>)[p.Key, p.Value]));
    }

    public static string Enc(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A metric value with four decimals, invariant culture.</summary>
    public static string F4(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>A metric value with three decimals for chart labels.</summary>
    public static string F3(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
