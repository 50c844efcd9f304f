using System.CommandLine;
using Docent.Cli.Output;
using Docent.Hosting;
using Docent.Ingestion;
using Microsoft.Extensions.Logging;

namespace Docent.Cli.Commands;

/// <summary>`docent watch`: keep the data folder in step with folders on disk until Ctrl+C, one line per file changed.</summary>
internal static class WatchCommand
{
    public static Command Create(GlobalOptions global)
    {
        var folders = new Argument<string[]>("folders")
        {
            Description = "Folders to keep in sync (walked recursively, like ingest walks them).",
            Arity = ArgumentArity.OneOrMore,
        };
        var debounce = new Option<int>("--debounce")
        {
            Description = "Read a file once it has been quiet this many milliseconds, so a file being written is read once, complete.",
            DefaultValueFactory = _ => (int)FolderWatcherOptions.DefaultDebounce.TotalMilliseconds,
            HelpName = "MS",
        };
        var maxFileMb = new Option<int>("--max-file-mb")
        {
            Description = "Fail files larger than this many MiB instead of reading them.",
            DefaultValueFactory = _ => (int)(IngestOptions.DefaultMaxFileBytes >> 20),
            HelpName = "MB",
        };

        var command = new Command("watch", """
            Keep the data folder in sync with folders: first catch up (what changed while nothing watched: new and changed files are read, files that are gone are removed), then follow every change until Ctrl+C. A renamed or moved file keeps its stored chunks (matched by content, nothing read or embedded again); a folder renamed or deleted is each of its files renamed or removed. Each change prints one line on stdout ("added handbook/leave.md (12 chunks)", "renamed a.md → b.md (chunks kept)", "removed …", "failed …: reason"), one JSON object per line with --json; progress and problems go to stderr. Another writer (docent ingest, a server upload) may use the data folder between batches; while it does, changes wait and are applied after.

            Examples:
              docent watch ./handbook
              docent watch ./handbook ./policies --data ./team-docs --debounce 2000
              docent watch ./handbook --json | jq -c 'select(.event == "failed")'
            """)
        {
            folders, debounce, maxFileMb,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var ms = parse.GetValue(debounce);
                if (ms < 0)
                {
                    return CommandRunner.Fail(json, "--debounce cannot be negative.");
                }

                var mb = parse.GetValue(maxFileMb);
                if (mb < 1)
                {
                    return CommandRunner.Fail(json, "--max-file-mb must be at least 1.");
                }

                var given = parse.GetValue(folders)!;
                foreach (var folder in given)
                {
                    if (!Directory.Exists(folder))
                    {
                        return CommandRunner.Fail(json, File.Exists(folder)
                            ? $"Cannot watch {DisplayPath.Escape(folder)}: it is a file; watch the folder that holds it."
                            : $"Cannot watch {DisplayPath.Escape(folder)}: no such folder.");
                    }
                }

                var options = global.ToDocentOptions(parse);
                options.MaintainVectors = true;
                var dataFolder = await DataFolder.OpenAsync(options, CliServices.Create(), cancellationToken);
                var watcher = new FolderWatcher(
                    dataFolder.CreateIngestionPipeline(),
                    given,
                    new FolderWatcherOptions { Debounce = TimeSpan.FromMilliseconds(ms), MaxFileBytes = (long)mb << 20 },
                    dataFolder.LoggerFactory.CreateLogger<FolderWatcher>());
                var verbose = parse.GetValue(global.Verbose);
                var names = string.Join(", ", watcher.Folders.Select(DisplayPath.Relative));
                Console.Error.WriteLine($"Catching up {names} into {DisplayPath.Escape(options.DataDirectory)}…");
                await foreach (var report in watcher.WatchAsync(cancellationToken))
                {
                    Print(report, json, verbose);
                    if (report.Trigger == FolderSyncTrigger.CatchUp)
                    {
                        Console.Error.WriteLine($"Caught up in {report.Elapsed.TotalSeconds:0.0} s ({Totals(report)}). Watching {names} for changes (Ctrl+C stops).");
                    }
                }

                Console.Error.WriteLine("Stopped watching.");
                return ExitCodes.Success;
            });
        });

        return command;
    }

    /// <summary>Prints one report: a line (or JSON object) per file changed on stdout, problems on stderr.</summary>
    private static void Print(FolderSyncReport report, bool json, bool verbose)
    {
        if (report.Problem is { } problem)
        {
            Console.Error.WriteLine($"docent: {(report.Trigger == FolderSyncTrigger.Deferred ? "waiting" : "error")}: {DisplayPath.Escape(problem)}");
        }

        if (report.IndexWarning is { } warning)
        {
            Console.Error.WriteLine($"docent: warning: {DisplayPath.Escape(warning)}");
        }

        foreach (var change in report.Changes)
        {
            if (change.Kind == FolderChangeKind.Unchanged || (change.Kind == FolderChangeKind.Skipped && !verbose))
            {
                continue;
            }

            if (json)
            {
                CommandRunner.WriteJson(
                    new WatchChangeJson(change.Kind.ToString().ToLowerInvariant(), change.Source, change.Path, change.PreviousSource, change.PreviousPath,
                        change.Chunks, change.Reason, report.Trigger.ToString().ToLowerInvariant()),
                    CliJson.Default.WatchChangeJson);
            }
            else
            {
                Console.Out.WriteLine(Line(change));
            }
        }
    }

    /// <summary>"added handbook/leave.md (12 chunks)", "renamed a.md → b.md (chunks kept)", "failed x.pdf: reason".</summary>
    internal static string Line(FolderChange change)
    {
        var source = DisplayPath.Escape(change.Source);
        return change.Kind switch
        {
            FolderChangeKind.Added or FolderChangeKind.Updated => $"{Verb(change.Kind)} {source} ({Chunks(change.Chunks)})",
            FolderChangeKind.Renamed => $"renamed {DisplayPath.Escape(change.PreviousSource)} → {source} (chunks kept)",
            FolderChangeKind.Failed or FolderChangeKind.Skipped => $"{Verb(change.Kind)} {source}: {DisplayPath.Escape(change.Reason ?? "no reason given")}",
            _ => $"{Verb(change.Kind)} {source}",
        };

        static string Verb(FolderChangeKind kind) => kind.ToString().ToLowerInvariant();

        static string Chunks(int count) => count == 1 ? "1 chunk" : $"{count} chunks";
    }

    private static string Totals(FolderSyncReport report) =>
        $"{report.Count(FolderChangeKind.Added)} added, {report.Count(FolderChangeKind.Updated)} updated, {report.Count(FolderChangeKind.Renamed)} renamed, " +
        $"{report.Count(FolderChangeKind.Removed)} removed, {report.Count(FolderChangeKind.Failed)} failed, {report.Count(FolderChangeKind.Unchanged)} unchanged";
}
