using System.CommandLine;
using Docent.Cli.Output;
using Docent.Hosting;

namespace Docent.Cli.Commands;

/// <summary>`docent docs list|access|remove`: see stored documents, set who may read them, remove them.</summary>
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
              docent docs list --as group:hr
            """);
        var details = new Option<bool>("--details") { Description = "Show each document's parse-quality report and warnings, and flag documents that may have been read badly." };
        var readAs = AccessOption.Create();
        list.Options.Add(details);
        list.Options.Add(readAs);
        list.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                // Listing reads the store only: no vector index, so no embedding model is needed (or called).
                var folder = await ReadOnlyFolder.OpenAsync(global.ToDocentOptions(parse, mode: Retrieval.RetrievalMode.Lexical), requireDocuments: false, cancellationToken);
                var documents = await folder.ListDocumentsAsync(AccessOption.Read(parse, readAs), cancellationToken);
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

        return new Command("docs", "Manage stored documents.") { list, CreateAccess(global), remove };
    }

    /// <summary>`docs access`: show or set who may read documents (and the files they hold).</summary>
    private static Command CreateAccess(GlobalOptions global)
    {
        var targets = new Argument<string[]>("documents")
        {
            Description = "Document ids (full, or a unique prefix such as the short id 'docs list' shows) or source paths.",
            Arity = ArgumentArity.OneOrMore,
        };
        var set = new Option<string[]>("--set")
        {
            Description = "Replace the access list with these principals (repeat for several), e.g. group:hr or user:alice.",
            HelpName = "PRINCIPAL",
        };
        var clear = new Option<bool>("--clear") { Description = "Remove the access list: every caller may read the documents." };
        var command = new Command("access", """
            Show or change who may read documents. A document with an access list is read only by callers holding one of its principals (a server key's principals, a proxy's user, `--as` on the command line); one without a list by every caller. A change covers the files a document holds (an archive's entries, an e-mail's attachments) and applies at once, also to a running server.

            Examples:
              docent docs access ./hr/salaries.md
              docent docs access ./hr/salaries.md --set group:hr --set user:carol
              docent docs access 4b5ba765 --clear
            """)
        {
            targets, set, clear,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var setting = parse.GetResult(set) is { Implicit: false };
                if (setting && parse.GetValue(clear))
                {
                    return CommandRunner.Fail(json, "Give either --set or --clear, not both.");
                }

                IReadOnlyList<string>? access = parse.GetValue(clear) ? [] : setting ? Docent.Access.DocumentAccess.Normalize(parse.GetValue(set) ?? []) : null;
                var folder = await ReadOnlyFolder.OpenAsync(global.ToDocentOptions(parse, mode: Retrieval.RetrievalMode.Lexical), requireDocuments: false, cancellationToken);
                var stored = await folder.Documents.ListDocumentsAsync(cancellationToken);
                var shown = new List<Storage.DocumentRecord>();
                var failed = new List<FailureJson>();
                foreach (var target in parse.GetValue(targets)!)
                {
                    var (resolved, problem) = ResolveIdPrefix(target, stored);
                    var document = problem is not null ? null
                        : access is null ? stored.FirstOrDefault(d => d.Id == resolved || d.Source == Path.GetFullPath(resolved))
                        : await folder.SetAccessAsync(resolved, access, cancellationToken);
                    if (document is null)
                    {
                        failed.Add(new FailureJson(target, problem ?? "no stored document has this id or path", false));
                    }
                    else
                    {
                        shown.Add(document);
                    }
                }

                if (json)
                {
                    CommandRunner.WriteJson(new DocsAccessJson(shown.Select(d => new DocumentAccessJson(d.Id, d.Source, d.AccessList)).ToList(), failed), CliJson.Default.DocsAccessJson);
                }
                else
                {
                    HumanOutput.WriteAccess(shown, failed, changed: access is not null);
                }

                return failed.Count == 0 ? ExitCodes.Success : ExitCodes.PartialFailure;
            });
        });
        return command;
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
