using System.CommandLine;
using Docent.Cli.Output;
using Docent.Hosting;

namespace Docent.Cli.Commands;

/// <summary>`docent docs list|remove`: see and remove stored documents.</summary>
internal static class DocsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var list = new Command("list", "List stored documents with their format, size, chunk count and warnings.");
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
                    HumanOutput.WriteDocuments(documents);
                }

                return ExitCodes.Success;
            });
        });

        var targets = new Argument<string[]>("documents") { Description = "Document ids (from 'docs list') or source paths.", Arity = ArgumentArity.OneOrMore };
        var remove = new Command("remove", """
            Remove documents and their chunks from the data folder (the files themselves are not touched).

            Example:
              docent docs remove ./handbook/old-policy.md
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
                foreach (var target in parse.GetValue(targets)!)
                {
                    var document = await folder.RemoveDocumentAsync(target, cancellationToken);
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
}
