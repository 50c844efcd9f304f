using System.CommandLine;
using Docent.Cli.Output;
using Docent.Hosting;

namespace Docent.Cli.Commands;

/// <summary>`docent docs list|remove`: see and remove stored documents.</summary>
internal static class DocsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var list = new Command("list", """
            List stored documents: a short id (the shortest unique prefix of at least 8 characters, which `docs remove` accepts), format, chunk and warning counts, source and title. Sources under the current directory are shown relative to it; --json gives full ids and paths.

            With --details, each document's parse-quality report: pages, characters per page, headings, tables, pages read by OCR and their confidence, the personal data redacted or found (with pii.redact set), its warnings, and a "check:" line for documents that may have been read badly (no text, near-empty pages of a scan, low OCR confidence). --json always includes the report.

            Examples:
              docent docs list
              docent docs list --details
              docent docs list --json
            """);
        var details = new Option<bool>("--details") { Description = "Show each document's parse-quality report and warnings, and flag documents that may have been read badly." };
        list.Options.Add(details);
        list.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                // Listing reads the store only: no vector index, so no embedding model is needed (or called).
                var folder = await ReadOnlyFolder.OpenAsync(global.ToDocentOptions(parse, mode: Retrieval.RetrievalMode.Lexical), requireDocuments: false, cancellationToken);
                var documents = await folder.Documents.ListDocumentsAsync(cancellationToken);
                if (json)
                {
                    CommandRunner.WriteJson(new DocsListJson(documents.Select(JsonMapper.ToJson).ToList()), CliJson.Default.DocsListJson);
                }
                else
                {
                    if (parse.GetValue(details))
                    {
                        HumanOutput.WriteDocumentDetails(documents);
                    }
                    else
                    {
                        HumanOutput.WriteDocuments(documents);
                    }
                }

                return ExitCodes.Success;
            });
        });

        var targets = new Argument<string[]>("documents")
        {
            Description = "Document ids (full, or a unique prefix such as the short id 'docs list' shows) or source paths.",
            Arity = ArgumentArity.OneOrMore,
        };
        var remove = new Command("remove", """
            Remove documents and their chunks from the data folder (the files themselves are not touched).

            Examples:
              docent docs remove ./handbook/old-policy.md
              docent docs remove 4b5ba765
            """)
        {
            targets,
        };
        remove.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var removeOptions = global.ToDocentOptions(parse);
                removeOptions.MaintainVectors = true;
                var folder = await ReadOnlyFolder.OpenAsync(removeOptions, requireDocuments: false, cancellationToken);
                var removed = new List<string>();
                var failed = new List<FailureJson>();
                var stored = await folder.Documents.ListDocumentsAsync(cancellationToken);
                foreach (var target in parse.GetValue(targets)!)
                {
                    var (resolved, problem) = ResolveIdPrefix(target, stored);
                    if (problem is not null)
                    {
                        failed.Add(new FailureJson(target, problem, false));
                        continue;
                    }

                    var document = await folder.RemoveDocumentAsync(resolved, cancellationToken);
                    if (document is null)
                    {
                        failed.Add(new FailureJson(target, "no stored document has this id or path", false));
                    }
                    else
                    {
                        removed.Add(document.Source);
                    }
                }

                if (json)
                {
                    CommandRunner.WriteJson(new DocsRemoveJson(removed, failed), CliJson.Default.DocsRemoveJson);
                }
                else
                {
                    HumanOutput.WriteRemoved(removed, failed);
                }

                return failed.Count == 0 ? ExitCodes.Success : ExitCodes.PartialFailure;
            });
        });

        return new Command("docs", "Manage stored documents.") { list, remove };
    }

    /// <summary>
    /// What to remove for <paramref name="target"/>: a stored document's full id or a source path as given, or the full
    /// id of the one document whose id starts with it (a short id from `docs list`); a problem when several do.
    /// </summary>
    internal static (string Target, string? Problem) ResolveIdPrefix(string target, IReadOnlyList<Storage.DocumentRecord> stored)
    {
        if (!ShortIds.LooksLikePrefix(target) || stored.Any(d => d.Id == target || d.Source == Path.GetFullPath(target)))
        {
            return (target, null);
        }

        var matches = stored.Where(d => d.Id.StartsWith(target, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count <= 1)
        {
            return (matches.Count == 1 ? matches[0].Id : target, null);
        }

        var shortIds = ShortIds.Shorten(stored.Select(d => d.Id));
        var candidates = string.Join(", ", matches.Select(d => $"{shortIds[d.Id]} ({DisplayPath.Relative(d.Source)})"));
        return (target, $"the id prefix matches {matches.Count} documents: {candidates}; give more of the id");
    }
}
