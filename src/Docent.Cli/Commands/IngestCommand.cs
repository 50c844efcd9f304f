using System.CommandLine;
using Docent.Cli.Output;
using Docent.Hosting;
using Docent.Indexing;
using Docent.Ingestion;
using Docent.Storage;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>`docent ingest`: add, update (and with --prune remove) documents from files, folders and globs.</summary>
internal static class IngestCommand
{
    public static Command Create(GlobalOptions global)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files, folders (walked recursively) or glob patterns such as 'docs/**/*.md'.",
            Arity = ArgumentArity.OneOrMore,
        };
        var prune = new Option<bool>("--prune") { Description = "Remove stored documents under these folders whose files are gone." };
        var maxFileMb = new Option<int>("--max-file-mb")
        {
            Description = "Fail files larger than this many MiB instead of reading them.",
            DefaultValueFactory = _ => (int)(IngestOptions.DefaultMaxFileBytes >> 20),
            HelpName = "MB",
        };
        var chunkTokens = new Option<int>("--chunk-tokens")
        {
            Description = "Token budget of a chunk (paragraphs and sentences are packed up to it, never split).",
            DefaultValueFactory = _ => new Chunking.ChunkerOptions().MaxTokens,
            HelpName = "N",
        };

        var acl = new Option<string[]>("--acl")
        {
            Description = "Who may read the documents of this run, e.g. group:hr or user:alice (repeat for several). Without it, a file takes the list in the nearest .docent-access file of its folder or above, else keeps the list it was stored with (a new file: every caller).",
            HelpName = "PRINCIPAL",
        };
        var command = new Command("ingest", """
            Read documents into the data folder: Markdown, HTML, PDF, DOCX and plain text, chosen by content. Unchanged files are skipped by content hash; changed files replace their chunks atomically. Exit code 0 when everything ingested, 2 when some inputs failed (the rest are stored), 1 on a fatal error or when the paths hold no file at all ("No files found under …"; no data folder is created then).

            Examples:
              docent ingest ./handbook
              docent ingest 'docs/**/*.md' notes.pdf --json
              docent ingest ./handbook --prune
              docent ingest ./hr --acl group:hr --acl user:carol

            Access: a document with an access list is read only by callers holding one of its principals (server keys, a proxy's users, `--as` here); a document without one by every caller. A .docent-access file in a folder lists principals, one per line, for every file in that folder and below.
            """)
        {
            paths, prune, maxFileMb, chunkTokens, acl,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var mb = parse.GetValue(maxFileMb);
                if (mb < 1)
                {
                    return CommandRunner.Fail(json, "--max-file-mb must be at least 1.");
                }

                var options = global.ToDocentOptions(parse);
                options.MaintainVectors = true;
                options.Chunking.MaxTokens = parse.GetValue(chunkTokens);
                options.Chunking.MinTokens = Math.Min(options.Chunking.MinTokens, options.Chunking.MaxTokens / 2);
                var ingest = new IngestOptions
                {
                    Prune = parse.GetValue(prune),
                    Access = parse.GetResult(acl) is { Implicit: false } ? Docent.Access.DocumentAccess.Normalize(parse.GetValue(acl) ?? []) : null,
                    MaxFileBytes = (long)mb << 20,
                    WaitingForLock = () => Console.Error.WriteLine(
                        $"Another docent process (a server upload or another ingest) is writing to {DisplayPath.Escape(options.DataDirectory)}; waiting up to {DataFolderLock.DefaultWait.TotalSeconds:0} s for it to finish."),
                };

                // Expand the inputs first: when they hold no file, say so, and create no data folder for nothing.
                var inputs = parse.GetValue(paths)!;
                var resolved = new InputResolver(options.DataDirectory).Resolve(inputs);
                if (resolved.Files.Count == 0)
                {
                    if (!ingest.Prune)
                    {
                        return CommandRunner.Fail(json, NoFilesMessage(inputs, resolved));
                    }

                    options.CreateIfMissing = false; // --prune with no files left still prunes, but only an existing store
                }

                DataFolder folder;
                try
                {
                    folder = await DataFolder.OpenAsync(options, CliServices.Create(), cancellationToken);
                }
                catch (DataFolderNotFoundException)
                {
                    return CommandRunner.Fail(json, NoFilesMessage(inputs, resolved));
                }

                var report = await RunAsync(folder, inputs, ingest, json, parse.GetValue(global.Verbose), cancellationToken);
                if (json)
                {
                    CommandRunner.WriteJson(JsonMapper.ToJson(report), CliJson.Default.IngestJson);
                }
                else
                {
                    HumanOutput.WriteIngestReport(report);
                }

                return report.Failed.Count > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
            });
        });

        return command;
    }

    /// <summary>Runs the pipeline, with a live progress bar on a terminal.</summary>
    public static async Task<IngestReport> RunAsync(
        DataFolder folder, IReadOnlyList<string> paths, IngestOptions options, bool json, bool verbose, CancellationToken cancellationToken)
    {
        var pipeline = folder.CreateIngestionPipeline();
        Action<IngestProgress> log = verbose ? LogResult : _ => { };
        if (!CommandRunner.Interactive(json))
        {
            // Output is piped: embedding progress still goes to a terminal on stderr, one updating line.
            options.EmbeddingProgress ??= new SynchronousProgress<Indexing.VectorSyncProgress>(p =>
            {
                if (!Console.IsErrorRedirected)
                {
                    Console.Error.Write($"\rEmbedding chunks: {p.Embedded}/{p.Total}{(p.Embedded == p.Total ? Environment.NewLine : "")}");
                }
            });
            return await pipeline.IngestAsync(paths, options, new SynchronousProgress<IngestProgress>(log), cancellationToken);
        }

        IngestReport? report = null;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Ingesting", maxValue: 1);
                ProgressTask? embedding = null;
                options.EmbeddingProgress = new SynchronousProgress<Indexing.VectorSyncProgress>(p =>
                {
                    embedding ??= context.AddTask("Embedding", maxValue: 1);
                    embedding.MaxValue = Math.Max(1, p.Total);
                    embedding.Value = p.Embedded;
                    embedding.Description = Markup.Escape($"{p.Embedded}/{p.Total} chunks embedded");
                });
                var started = DateTime.UtcNow;
                var progress = new SynchronousProgress<IngestProgress>(p =>
                {
                    log(p);
                    var seconds = Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = Markup.Escape($"{p.Done}/{p.Total} files · {p.Chunks} chunks · {p.Done / seconds:0.0} files/s");
                });
                report = await pipeline.IngestAsync(paths, options, progress, cancellationToken);
                task.Value = task.MaxValue;
            });
        return report!;
    }

    /// <summary>"No files found under …", naming the inputs as typed and, for the first few, why they gave nothing.</summary>
    private static string NoFilesMessage(IReadOnlyList<string> inputs, ResolvedInputs resolved)
    {
        var message = $"No files found under {string.Join(", ", inputs.Select(DisplayPath.Escape))}";
        if (resolved.Problems.Count == 0)
        {
            return message + ".";
        }

        var reasons = resolved.Problems.Take(3).Select(p =>
        {
            var typed = inputs.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i) && Path.GetFullPath(i) == p.Path) ?? p.Path;
            return $"{DisplayPath.Escape(typed)}: {DisplayPath.Escape(p.Error)}";
        });
        var more = resolved.Problems.Count > 3 ? $"; {resolved.Problems.Count - 3} more" : "";
        return $"{message} ({string.Join("; ", reasons)}{more}).";
    }

    private static void LogResult(IngestProgress progress)
    {
        var r = progress.Result;
        var detail = r.Error ?? (r.Chunks > 0 ? $"{r.Chunks} chunks" : "");
        Console.Error.WriteLine($"{r.Status.ToString().ToLowerInvariant()} {DisplayPath.Escape(r.Path)}{(detail.Length > 0 ? ": " + DisplayPath.Escape(detail) : "")}");
        Console.Error.Flush();
    }
}
