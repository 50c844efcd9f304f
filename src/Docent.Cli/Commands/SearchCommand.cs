using System.CommandLine;
using System.Diagnostics;
using Docent.Cli.Output;
using Docent.Hosting;
using Docent.Retrieval;

namespace Docent.Cli.Commands;

/// <summary>`docent search`: the best-matching passages for a query, ranked by BM25.</summary>
internal static class SearchCommand
{
    public static Command Create(GlobalOptions global)
    {
        var query = FreeTextArgument.Create("query", "What to look for, in plain words.");
        var mode = GlobalOptions.CreateModeOption();
        var top = new Option<int>("--top", "-k") { Description = "How many passages to show.", DefaultValueFactory = _ => 10, HelpName = "K" };
        var readAs = AccessOption.Create();
        var command = new Command("search", """
            Show the passages that best match a query, with their source, page and headings.

            Examples:
              docent search "travel reimbursement"
              docent search "VPN setup" --top 3 --json
              docent search "salary bands" --as group:hr
            """)
        {
            query, top, mode, readAs,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var k = parse.GetValue(top);
                if (k is < 1 or > 10_000)
                {
                    return CommandRunner.Fail(json, "--top must be between 1 and 10000.");
                }

                var text = FreeTextArgument.Read(parse, query);
                var access = AccessOption.Read(parse, readAs);
                var folder = await ReadOnlyFolder.OpenAsync(global.ToDocentOptions(parse, mode: parse.GetValue(mode)), requireDocuments: true, cancellationToken);
                var stopwatch = Stopwatch.StartNew();
                var hits = await folder.Retriever.RetrieveAsync(text, new RetrievalOptions { Top = k, Access = access }, cancellationToken);
                var elapsed = stopwatch.Elapsed;
                if (json)
                {
                    CommandRunner.WriteJson(new SearchJson(text, hits.Select(JsonMapper.ToJson).ToList(), elapsed.TotalMilliseconds), CliJson.Default.SearchJson);
                }
                else
                {
                    HumanOutput.WriteSearchResults(text, hits, elapsed);
                }

                return ExitCodes.Success;
            });
        });

        return command;
    }
}
