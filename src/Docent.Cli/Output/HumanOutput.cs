using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;
using Spectre.Console;

namespace Docent.Cli.Output;

/// <summary>Human-readable rendering of command results with Spectre.Console. Static; not thread-safe (one console).</summary>
internal static class HumanOutput
{
    public static void WriteIngestReport(IngestReport report)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[green]added[/]", report.Added.ToString());
        grid.AddRow("[blue]updated[/]", report.Updated.ToString());
        grid.AddRow("unchanged", report.Unchanged.ToString());
        grid.AddRow("removed", report.Removed.ToString());
        grid.AddRow("chunks written", report.Chunks.ToString());
        grid.AddRow(report.Failed.Count > 0 ? "[red]failed[/]" : "failed", report.Failed.Count.ToString());
        grid.AddRow("time", $"{report.Elapsed.TotalSeconds:0.00} s");
        AnsiConsole.Write(grid);
        if (report.IndexWarning is { } indexWarning)
        {
            AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(indexWarning)}");
        }

        foreach (var result in report.Results.Where(r => r.Warnings is { Count: > 0 }))
        {
            foreach (var warning in result.Warnings!)
            {
                AnsiConsole.MarkupLine($"[yellow]warning[/] {Markup.Escape(DisplayPath.Escape(result.Path))}: {Markup.Escape(DisplayPath.Escape(warning))}");
            }
        }

        foreach (var skipped in report.Results.Where(r => r.Status == IngestStatus.Skipped))
        {
            AnsiConsole.MarkupLine($"[grey]skipped {Markup.Escape(DisplayPath.Escape(skipped.Path))}: {Markup.Escape(DisplayPath.Escape(skipped.Error))}[/]");
        }

        foreach (var failed in report.Failed)
        {
            AnsiConsole.MarkupLine($"[red]failed[/] {Markup.Escape(DisplayPath.Escape(failed.Path))}: {Markup.Escape(DisplayPath.Escape(failed.Error))}");
        }
    }

    public static void WriteSearchResults(string query, IReadOnlyList<RetrievedChunk> hits, TimeSpan elapsed)
    {
        if (hits.Count == 0)
        {
            AnsiConsole.MarkupLine($"No passages match [bold]{Markup.Escape(query)}[/].");
            return;
        }

        foreach (var hit in hits)
        {
            AnsiConsole.MarkupLine($"[bold]{hit.Rank}.[/] [blue]{Markup.Escape(Describe(hit.Document.ShownSource, hit.Chunk.Page, hit.Chunk.HeadingPath))}[/] [grey](score {hit.Score:0.00}, {Markup.Escape(hit.Chunk.Id)})[/]");
            AnsiConsole.MarkupLine($"   {Markup.Escape(Snippet(hit.Chunk.Text, 240))}");
        }

        AnsiConsole.MarkupLine($"[grey]{hits.Count} passages in {elapsed.TotalMilliseconds:0.0} ms[/]");
    }

    /// <param name="answer">The answer.</param>
    /// <param name="alreadyStreamed">The model's raw text was already printed as it arrived: show the checked text only when it differs.</param>
    public static void WriteAnswer(AskJson answer, bool alreadyStreamed = false)
    {
        if (answer.StandaloneQuestion != answer.Question)
        {
            AnsiConsole.MarkupLine($"[grey](searched for: {Markup.Escape(answer.StandaloneQuestion)})[/]");
        }

        if (!alreadyStreamed || answer.Unsupported.Any(u => u.Dropped) || !answer.Found)
        {
            if (alreadyStreamed)
            {
                AnsiConsole.MarkupLine("[grey]Checked answer:[/]");
            }

            AnsiConsole.MarkupLine(answer.Found ? $"[bold]{Markup.Escape(answer.Answer)}[/]" : $"[yellow]{Markup.Escape(answer.Answer)}[/]");
        }

        if (answer.Found)
        {
            foreach (var citation in answer.Citations)
            {
                AnsiConsole.MarkupLine($"  [blue][[{citation.Index}]][/] {Markup.Escape(Describe(citation.Source, citation.Page, citation.HeadingPath))}");
                AnsiConsole.MarkupLine($"      [grey]\"{Markup.Escape(Snippet(citation.Quote, 300))}\"[/]");
            }
        }
        else if (answer.ClosestPassages.Count > 0)
        {
            AnsiConsole.MarkupLine("  Closest passages:");
            foreach (var passage in answer.ClosestPassages)
            {
                AnsiConsole.MarkupLine($"  - {Markup.Escape(Describe(passage.Source, passage.Page, passage.HeadingPath))}: [grey]{Markup.Escape(Snippet(passage.Text, 160))}[/]");
            }
        }

        foreach (var unsupported in answer.Unsupported)
        {
            var verb = unsupported.Dropped ? "removed, unsupported" : "unsupported";
            AnsiConsole.MarkupLine($"  [red]⚠ {verb}:[/] \"{Markup.Escape(Snippet(unsupported.Sentence, 200))}\" [red]— {Markup.Escape(unsupported.Reason)}[/]");
        }

        var model = answer.Model is null ? "extractive" : $"model {answer.Model}";
        AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(model)} · retrieve {answer.TimingsMs.Retrieve:0.0} ms · answer {answer.TimingsMs.Answer:0.0} ms[/]");
    }

    public static void WriteDocuments(IReadOnlyList<DocumentRecord> documents)
    {
        if (documents.Count == 0)
        {
            AnsiConsole.MarkupLine("No documents yet. Add some with [bold]docent ingest <folder>[/].");
            return;
        }

        var table = new Table().AddColumns("id", "source", "title", "format", "chunks", "warnings");
        foreach (var d in documents)
        {
            table.AddRow(Markup.Escape(d.Id), Markup.Escape(DisplayPath.Escape(d.Source)), Markup.Escape(DisplayPath.Escape(d.Title)), d.Format, d.ChunkCount.ToString(), d.Warnings.Count.ToString());
        }

        AnsiConsole.Write(table);
    }

    public static void WriteRemoved(IReadOnlyList<string> removed, IReadOnlyList<FailureJson> failed)
    {
        foreach (var source in removed)
        {
            AnsiConsole.MarkupLine($"removed {Markup.Escape(DisplayPath.Escape(source))}");
        }

        foreach (var failure in failed)
        {
            AnsiConsole.MarkupLine($"[red]failed[/] {Markup.Escape(DisplayPath.Escape(failure.Path))}: {Markup.Escape(DisplayPath.Escape(failure.Error))}");
        }
    }

    public static void WriteStats(StatsJson stats)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("data folder", Markup.Escape(DisplayPath.Escape(stats.DataDirectory)));
        grid.AddRow("documents", stats.Documents.ToString());
        grid.AddRow("chunks", stats.Chunks.ToString());
        grid.AddRow("database", ByteSize.Format(stats.DatabaseBytes));
        grid.AddRow("lexical index", $"{ByteSize.Format(stats.IndexBytes)} ({stats.IndexedChunks} chunks, {Markup.Escape(stats.Analyzer)})");
        grid.AddRow("vector index", stats.Vectors is { } v
            ? $"{ByteSize.Format(v.FileBytes)} ({v.Count} vectors × {v.Dimension}, model {Markup.Escape(v.Model)})"
            : "[grey]none (no embedding model configured)[/]");
        grid.AddRow("retrieval", stats.RetrievalMode);
        grid.AddRow("answers", stats.ChatModel is null ? "extractive (no chat model configured)" : $"model {Markup.Escape(stats.ChatModel)}");
        AnsiConsole.Write(grid);
    }

    private static string Describe(string source, int? page, IReadOnlyList<string> headingPath)
    {
        var where = Path.GetRelativePath(Directory.GetCurrentDirectory(), source);
        if (where.StartsWith("..", StringComparison.Ordinal))
        {
            where = source;
        }

        where = DisplayPath.Escape(where);

        if (page is { } p)
        {
            where += $" p.{p}";
        }

        return headingPath.Count > 0 ? $"{where} › {string.Join(" › ", headingPath)}" : where;
    }

    private static string Snippet(string text, int max)
    {
        var flat = text.Replace('\n', ' ');
        return flat.Length <= max ? flat : flat[..max].TrimEnd() + "…";
    }
}
