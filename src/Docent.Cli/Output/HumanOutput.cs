using System.Globalization;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;
using Spectre.Console;

namespace Docent.Cli.Output;

/// <summary>
/// Human-readable rendering of command results with Spectre.Console: every line goes through <see cref="StyledLine"/>,
/// so it wraps at a terminal's width with a hanging indent (never inside an id or a path) and is not wrapped at all in
/// a file or a pipe. Paths are shown relative to the current directory where they lie under it. Static; not thread-safe
/// (one console).
/// </summary>
internal static class HumanOutput
{
    private static readonly Style Bold = new(decoration: Decoration.Bold);
    private static readonly Style Grey = new(Color.Grey);
    private static readonly Style Blue = new(Color.Blue);
    private static readonly Style Green = new(Color.Green);
    private static readonly Style Yellow = new(Color.Yellow);
    private static readonly Style Red = new(Color.Red);

    public static void WriteIngestReport(IngestReport report)
    {
        WriteFields(
        [
            ("added", Green, report.Added.ToString(CultureInfo.InvariantCulture)),
            ("updated", Blue, report.Updated.ToString(CultureInfo.InvariantCulture)),
            ("unchanged", Style.Plain, report.Unchanged.ToString(CultureInfo.InvariantCulture)),
            ("removed", Style.Plain, report.Removed.ToString(CultureInfo.InvariantCulture)),
            ("chunks written", Style.Plain, report.Chunks.ToString(CultureInfo.InvariantCulture)),
            ("failed", report.Failed.Count > 0 ? Red : Style.Plain, report.Failed.Count.ToString(CultureInfo.InvariantCulture)),
            ("time", Style.Plain, $"{report.Elapsed.TotalSeconds:0.00} s"),
        ]);
        if (report.IndexWarning is { } indexWarning)
        {
            Write(new StyledLine().Text("warning:", Yellow).Text(" ").Hang().Text(DisplayPath.Escape(indexWarning)));
        }

        foreach (var result in report.Results.Where(r => r.Warnings is { Count: > 0 }))
        {
            foreach (var warning in result.Warnings!)
            {
                Write(new StyledLine().Text("warning", Yellow).Text(" ").Hang().Token(DisplayPath.Relative(result.Path)).Text(": " + DisplayPath.Escape(warning)));
            }
        }

        foreach (var skipped in report.Results.Where(r => r.Status == IngestStatus.Skipped))
        {
            Write(new StyledLine().Text("skipped ", Grey).Hang().Token(DisplayPath.Relative(skipped.Path), Grey).Text(": " + DisplayPath.Escape(skipped.Error), Grey));
        }

        foreach (var failed in report.Failed)
        {
            Write(new StyledLine().Text("failed", Red).Text(" ").Hang().Token(DisplayPath.Relative(failed.Path)).Text(": " + DisplayPath.Escape(failed.Error)));
        }
    }

    public static void WriteSearchResults(string query, IReadOnlyList<RetrievedChunk> hits, TimeSpan elapsed)
    {
        if (hits.Count == 0)
        {
            Write(new StyledLine().Text("No passages match ").Text(DisplayPath.Escape(query), Bold).Text("."));
            return;
        }

        foreach (var hit in hits)
        {
            var line = new StyledLine().Text($"{hit.Rank}.", Bold).Text(" ").Hang();
            AddSource(line, hit.Document.ShownSource, hit.Chunk.Page, hit.Chunk.HeadingPath, Blue);
            Write(line.Text($" (score {hit.Score:0.00},", Grey).Text(" ").Token(hit.Chunk.Id + ")", Grey));
            Write(new StyledLine(indent: 3).Text(Snippet(hit.Chunk.Text, 240)));
        }

        Write(new StyledLine().Text($"{hits.Count} passages in {elapsed.TotalMilliseconds:0.0} ms", Grey));
    }

    /// <param name="answer">The answer.</param>
    /// <param name="alreadyStreamed">The model's raw text was already printed as it arrived: show the checked text only when it differs.</param>
    public static void WriteAnswer(AskJson answer, bool alreadyStreamed = false)
    {
        if (answer.StandaloneQuestion != answer.Question)
        {
            Write(new StyledLine().Text("(searched for: ", Grey).Hang().Text(DisplayPath.Escape(answer.StandaloneQuestion) + ")", Grey));
        }

        if (!alreadyStreamed || answer.Unsupported.Any(u => u.Dropped) || !answer.Found)
        {
            if (alreadyStreamed)
            {
                Write(new StyledLine().Text("Checked answer:", Grey));
            }

            Write(new StyledLine().Text(answer.Answer, answer.Found ? Bold : Yellow));
        }

        if (answer.Found)
        {
            foreach (var citation in answer.Citations)
            {
                var line = new StyledLine(indent: 2).Text($"[{citation.Index}]", Blue).Text(" ").Hang();
                Write(AddSource(line, citation.Source, citation.Page, citation.HeadingPath, Style.Plain));
                Write(new StyledLine(indent: 6).Text("\"", Grey).Hang().Text(Snippet(citation.Quote, 300) + "\"", Grey));
            }
        }
        else if (answer.ClosestPassages.Count > 0)
        {
            // A refusal still shows where the documents come closest, cited like an answer's sources.
            Write(new StyledLine(indent: 2).Text("Closest passages:"));
            for (var i = 0; i < answer.ClosestPassages.Count; i++)
            {
                var passage = answer.ClosestPassages[i];
                var line = new StyledLine(indent: 2).Text($"[{i + 1}]", Blue).Text(" ").Hang();
                Write(AddSource(line, passage.Source, passage.Page, passage.HeadingPath, Style.Plain));
                Write(new StyledLine(indent: 6).Text("\"", Grey).Hang().Text(Snippet(passage.Text, 240) + "\"", Grey));
            }
        }

        foreach (var unsupported in answer.Unsupported)
        {
            var verb = unsupported.Dropped ? "removed, unsupported" : "unsupported";
            Write(new StyledLine(indent: 2).Text("⚠", Red).Text(" ").Hang().Text($"{verb}:", Red)
                .Text($" \"{Snippet(unsupported.Sentence, 200)}\"").Text(" — " + unsupported.Reason, Red));
        }

        var model = answer.Model is null ? "extractive" : $"model {answer.Model}";
        if (answer.Confidence is { } confidence)
        {
            model += $" · confidence {confidence.ToString("0.00", CultureInfo.InvariantCulture)}";
        }

        Write(new StyledLine(indent: 2).Text($"{model} · retrieve {answer.TimingsMs.Retrieve:0.0} ms · answer {answer.TimingsMs.Answer:0.0} ms", Grey));
    }

    /// <summary>
    /// One line per document: a short id (a unique prefix `docs remove` accepts), format, chunk and warning counts, the
    /// source path (relative to the current directory when under it) and the title, in aligned columns.
    /// </summary>
    public static void WriteDocuments(IReadOnlyList<DocumentRecord> documents)
    {
        if (documents.Count == 0)
        {
            Write(new StyledLine().Text("No documents yet. Add some with ").Text("docent ingest <folder>", Bold).Text("."));
            return;
        }

        var shortIds = ShortIds.Shorten(documents.Select(d => d.Id));
        var rows = documents.Select(d => new[]
        {
            shortIds[d.Id], d.Format, d.ChunkCount.ToString(CultureInfo.InvariantCulture), d.Warnings.Count.ToString(CultureInfo.InvariantCulture),
            DisplayPath.Relative(d.Source), DisplayPath.Escape(d.Title),
        }).ToList();
        string[] header = ["id", "format", "chunks", "warnings", "source", "title"];
        var widths = Enumerable.Range(0, header.Length - 1).Select(c => rows.Append(header).Max(r => r[c].GetCellWidth())).ToArray();
        var numeric = new[] { false, false, true, true, false };

        StyledLine Row(string[] cells, Style style)
        {
            var line = new StyledLine();
            for (var c = 0; c < cells.Length; c++)
            {
                if (c > 0)
                {
                    // Two spaces between columns, plus the padding that aligns them (numbers align right).
                    line.Gap(2 + (numeric[c - 1] ? 0 : Pad(cells, c - 1)) + (c < widths.Length && numeric[c] ? Pad(cells, c) : 0));
                }

                if (c == cells.Length - 1)
                {
                    line.Hang().Text(cells[c], style); // the title may wrap, under itself
                }
                else
                {
                    line.Token(cells[c], style);
                }
            }

            return line;
        }

        int Pad(string[] cells, int c) => widths[c] - cells[c].GetCellWidth();

        var lines = rows.Select(r => Row(r, Style.Plain)).Prepend(Row(header, Grey)).ToList();
        var consoleWidth = AnsiConsole.Profile.Width;
        if (lines.All(l => l.ToLines(int.MaxValue)[0].GetCellWidth() <= consoleWidth))
        {
            lines.ForEach(Write);
            return;
        }

        // Too narrow for one row per document: the id and source on one line, the rest under the source.
        var idWidth = widths[0];
        foreach (var row in rows)
        {
            Write(new StyledLine().Token(row[0]).Gap(idWidth - row[0].GetCellWidth() + 2).Hang().Token(row[4]));
            Write(new StyledLine(indent: idWidth + 2).Text(row[5]).Text($" · {row[1]} · {row[2]} chunks · {row[3]} warnings", Grey));
        }
    }

    /// <summary>
    /// `docs list --details`: each document's source and title, its parse-quality figures, and why it may have been read
    /// badly (in yellow) with the warnings raised while reading, so a user sees which documents need a look.
    /// </summary>
    public static void WriteDocumentDetails(IReadOnlyList<DocumentRecord> documents)
    {
        if (documents.Count == 0)
        {
            WriteDocuments(documents);
            return;
        }

        var shortIds = ShortIds.Shorten(documents.Select(d => d.Id));
        var held = documents.Where(d => d.ParentId is not null).GroupBy(d => d.ParentId!).ToDictionary(g => g.Key, g => g.Count());
        var badly = 0;
        foreach (var d in documents)
        {
            Write(new StyledLine().Token(shortIds[d.Id]).Text("  ").Hang().Token(DisplayPath.Relative(d.Source), Bold));
            var line = new StyledLine(indent: 4).Text($"{DisplayPath.Escape(d.Title)} · {d.Format} · {d.ChunkCount:N0} chunks", Grey);
            if (held.TryGetValue(d.Id, out var files))
            {
                line.Text($" · holds {files:N0} file{(files == 1 ? "" : "s")}", Grey);
            }

            // An archive or mailbox has no text of its own: its figures are its files'.
            if (d.Quality is { } quality && !(quality.Characters == 0 && held.ContainsKey(d.Id)))
            {
                line.Text(" · " + Ingestion.ParseQualityReview.Summary(quality), Grey);
            }

            Write(line);
            if (d.AccessList.Count > 0)
            {
                Write(new StyledLine(indent: 4).Text("readable by: " + DisplayPath.Escape(string.Join(", ", d.AccessList)), Grey));
            }

            if (Ingestion.ParseQualityReview.PiiSummary(d.Quality) is { } pii)
            {
                Write(new StyledLine(indent: 4).Text(pii, Grey));
            }

            var concerns = Ingestion.ParseQualityReview.Concerns(d);
            if (concerns.Count > 0)
            {
                badly++;
                Write(new StyledLine(indent: 4).Text("check: " + string.Join("; ", concerns), Yellow));
            }

            foreach (var warning in d.Warnings)
            {
                Write(new StyledLine(indent: 6).Text("- " + DisplayPath.Escape(warning), Yellow));
            }
        }

        Write(new StyledLine().Text(badly == 0
            ? $"{documents.Count:N0} documents, all read without concerns."
            : $"{documents.Count:N0} documents; {badly:N0} may have been read badly (see \"check\").", Grey));
    }

    public static void WriteRemoved(IReadOnlyList<string> removed, IReadOnlyList<FailureJson> failed)
    {
        foreach (var source in removed)
        {
            Write(new StyledLine().Text("removed ").Hang().Token(DisplayPath.Relative(source)));
        }

        foreach (var failure in failed)
        {
            Write(new StyledLine().Text("failed", Red).Text(" ").Hang().Token(DisplayPath.Escape(failure.Path)).Text(": " + DisplayPath.Escape(failure.Error)));
        }
    }

    public static void WriteAccess(IReadOnlyList<DocumentRecord> documents, IReadOnlyList<FailureJson> failed, bool changed)
    {
        foreach (var document in documents)
        {
            var who = document.AccessList.Count == 0 ? "every caller" : string.Join(", ", document.AccessList);
            Write(new StyledLine().Text(changed ? "set " : "").Hang().Token(DisplayPath.Relative(document.Source)).Text(": " + DisplayPath.Escape(who), Grey));
        }

        foreach (var failure in failed)
        {
            Write(new StyledLine().Text("failed", Red).Text(" ").Hang().Token(DisplayPath.Escape(failure.Path)).Text(": " + DisplayPath.Escape(failure.Error)));
        }
    }

    public static void WriteStats(StatsJson stats)
    {
        WriteFields(
        [
            ("data folder", Style.Plain, DisplayPath.Escape(stats.DataDirectory)),
            ("documents", Style.Plain, stats.Documents.ToString(CultureInfo.InvariantCulture)),
            ("chunks", Style.Plain, stats.Chunks.ToString(CultureInfo.InvariantCulture)),
            ("database", Style.Plain, ByteSize.Format(stats.DatabaseBytes)),
            ("lexical index", Style.Plain, $"{ByteSize.Format(stats.IndexBytes)} ({stats.IndexedChunks} chunks, {stats.Analyzer})"),
            ("vector index", Style.Plain, stats.Vectors is { } v
                ? $"{ByteSize.Format(v.FileBytes)} ({v.Count} vectors × {v.Dimension}, model {v.Model}), " +
                  (v.Pending == 0 ? "every chunk embedded" : $"{v.Coverage:P0} embedded — {v.Pending} chunks found by lexical search only until `docent ingest` embeds them")
                : "none (embeddings off: lexical search only)"),
            ("languages", Style.Plain, DescribeLanguages(stats)),
            ("retrieval", Style.Plain, stats.RetrievalMode),
            ("answers", Style.Plain, stats.ChatModel is null ? "extractive (no chat model configured)" : $"model {stats.ChatModel}"),
        ]);
    }

    /// <summary>"en 120 chunks, de 14 (lexical only: the embedding model does not understand de)".</summary>
    private static string DescribeLanguages(StatsJson stats)
    {
        if (stats.Languages.Count == 0)
        {
            return "none yet";
        }

        var counts = string.Join(", ", stats.Languages.Select(pair => $"{pair.Key} {pair.Value}"));
        return stats.LexicalOnlyLanguages.Count == 0
            ? $"{counts} chunks"
            : $"{counts} chunks — lexical only (the embedding model does not understand them): {string.Join(", ", stats.LexicalOnlyLanguages)}";
    }

    /// <summary>Name/value lines with the values aligned; a value that wraps continues under itself.</summary>
    public static void WriteFields(IReadOnlyList<(string Name, Style Style, string Value)> fields)
    {
        var width = fields.Max(f => f.Name.GetCellWidth());
        foreach (var (name, style, value) in fields)
        {
            Write(new StyledLine().Text(name, style).Gap(width - name.GetCellWidth() + 2).Hang().Text(value));
        }
    }

    /// <summary>Appends "path p.N › heading › heading": the path kept whole, the headings free to wrap.</summary>
    private static StyledLine AddSource(StyledLine line, string source, int? page, IReadOnlyList<string> headingPath, Style style)
    {
        line.Token(DisplayPath.Relative(source), style);
        if (page is { } p)
        {
            line.Text($" p.{p}", style);
        }

        foreach (var heading in headingPath)
        {
            line.Text(" › " + DisplayPath.Escape(heading), style);
        }

        return line;
    }

    private static void Write(StyledLine line) => AnsiConsole.Write(line);

    private static string Snippet(string text, int max)
    {
        var flat = text.Replace('\n', ' ');
        return flat.Length <= max ? flat : flat[..max].TrimEnd() + "…";
    }
}
