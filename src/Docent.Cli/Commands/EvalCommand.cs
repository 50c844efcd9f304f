using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docent.Evaluation;
using Docent.Hosting;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>`docent eval retrieval|qa|perplexity`: quality figures on public benchmarks, through the user path.</summary>
internal static class EvalCommand
{
    /// <summary>Published SciFact test nDCG@10 figures shown beside ours in reports.</summary>
    private static readonly (string Name, double NdcgAt10)[] SciFactAnchors =
    [
        ("Pyserini BM25 flat", 0.6789), ("Pyserini BM25 multifield", 0.6647), ("bm25s", 0.6874),
        ("all-MiniLM-L6-v2", 0.6451), ("bge-small-en-v1.5", 0.7127),
    ];

    /// <summary>Chunk budget of `eval retrieval` (chosen on the SciFact train split; users' default stays 256).</summary>
    private const int DocumentLevelChunkTokens = 512;

    public static Command Create(GlobalOptions global) => new("eval", "Measure retrieval and answer quality on public benchmarks.")
    {
        CreateRetrieval(global),
        CreateQa(global),
        EvalPerplexityCommand.Create(global),
    };

    private static Command CreateRetrieval(GlobalOptions global)
    {
        var dataset = new Option<string>("--dataset") { Description = "BEIR-layout folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv.", Required = true, HelpName = "DIR" };
        var split = new Option<string>("--split") { Description = "Which qrels split to evaluate.", DefaultValueFactory = _ => "test" };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report.", HelpName = "FILE.html" };
        var compare = new Option<string?>("--compare") { Description = "An earlier `eval retrieval --json` output: report the paired difference and p-value.", HelpName = "OTHER.json" };
        var mode = GlobalOptions.CreateModeOption();
        var k1 = new Option<double?>("--k1") { Description = "BM25 k1 (default 1.2)." };
        var b = new Option<double?>("--b") { Description = "BM25 b (default 0.6)." };
        var titleWeight = new Option<double?>("--title-weight") { Description = "BM25F weight of the title field (default 2.0)." };
        var headingsWeight = new Option<double?>("--headings-weight") { Description = "BM25F weight of the heading path (default 1.5)." };
        var rm3 = new Option<bool>("--rm3") { Description = "Expand queries with RM3 pseudo-relevance feedback." };
        var fbDocs = new Option<int>("--fb-docs") { Description = "RM3: feedback chunks.", DefaultValueFactory = _ => new Retrieval.FeedbackOptions().Documents };
        var fbTerms = new Option<int>("--fb-terms") { Description = "RM3: expansion terms.", DefaultValueFactory = _ => new Retrieval.FeedbackOptions().Terms };
        var fbWeight = new Option<double>("--fb-weight") { Description = "RM3: weight of the original query (λ).", DefaultValueFactory = _ => new Retrieval.FeedbackOptions().OriginalQueryWeight };
        var chunkTokens = new Option<int>("--chunk-tokens")
        {
            Description = "Chunk token budget for the corpus. Retrieval benchmarks judge whole documents, so the default keeps most " +
                          "abstracts in one passage (documents are still scored by their best chunk). Applies to a fresh --data folder.",
            DefaultValueFactory = _ => DocumentLevelChunkTokens,
        };
        var command = new Command("retrieval", """
            Ingest a BEIR dataset (one document per corpus entry) and report nDCG@10, Recall@10/100, MRR@10, MAP@100 and P@10 as trec_eval defines them, with 95% bootstrap confidence intervals. Without --data the store is a temporary folder; with --data a second run re-ingests nothing.

            Examples:
              docent eval retrieval --dataset ../shared/data/scifact/beir --json
              docent eval retrieval --dataset ./nfcorpus --split test --report nfcorpus.html
            """)
        {
            dataset, split, report, compare, mode, k1, b, titleWeight, headingsWeight, chunkTokens, rm3, fbDocs, fbTerms, fbWeight,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                using var scratch = new EvalDataFolder(parse.GetValue(global.Data));
                var options = global.ToDocentOptions(parse, scratch.Path, parse.GetValue(mode));
                options.Lexical.K1 = parse.GetValue(k1) ?? options.Lexical.K1;
                options.Lexical.B = parse.GetValue(b) ?? options.Lexical.B;
                options.Lexical.TitleWeight = parse.GetValue(titleWeight) ?? options.Lexical.TitleWeight;
                options.Lexical.HeadingsWeight = parse.GetValue(headingsWeight) ?? options.Lexical.HeadingsWeight;
                options.Chunking.MaxTokens = parse.GetValue(chunkTokens);
                if (parse.GetValue(rm3))
                {
                    options.Feedback = new Retrieval.FeedbackOptions { Documents = parse.GetValue(fbDocs), Terms = parse.GetValue(fbTerms), OriginalQueryWeight = parse.GetValue(fbWeight) };
                }

                var set = BeirDataset.Load(parse.GetValue(dataset)!, parse.GetValue(split)!);
                var folder = await DataFolder.OpenAsync(options, CliServices.Create(), cancellationToken);
                var result = await RetrievalEvaluator.EvaluateAsync(set, folder, Progress(json), cancellationToken);
                JsonObject output = ToJson(result);
                output["mode"] = folder.Mode.ToString().ToLowerInvariant();
                output["embeddingModel"] = folder.Mode == Retrieval.RetrievalMode.Lexical ? null : folder.EmbeddingModelId;
                RetrievalEvaluationResult? other = null;
                double? p = null;
                if (parse.GetValue(compare) is { } comparePath)
                {
                    other = FromJson(comparePath, result);
                    var shared = result.PerQuery.Keys.Where(other.PerQuery.ContainsKey).Order(StringComparer.Ordinal).ToList();
                    var ours = shared.Select(q => result.PerQuery[q]["ndcg@10"]).ToList();
                    var theirs = shared.Select(q => other.PerQuery[q]["ndcg@10"]).ToList();
                    p = PairedTest.RandomizationPValue(ours, theirs);
                    output["compare"] = new JsonObject
                    {
                        ["file"] = comparePath,
                        ["queries"] = shared.Count,
                        ["ndcg@10Difference"] = Round(ours.Average() - theirs.Average()),
                        ["pValue"] = Round(p.Value),
                        ["test"] = "paired randomization (sign flip), 10000 permutations",
                    };
                }

                if (parse.GetValue(report) is { } reportPath)
                {
                    var anchors = result.Dataset.Equals("scifact", StringComparison.OrdinalIgnoreCase) ? SciFactAnchors : [];
                    await File.WriteAllTextAsync(reportPath, EvaluationReportWriter.RenderRetrieval(result, anchors, other, p), cancellationToken);
                }

                if (json)
                {
                    Console.Out.WriteLine(output.ToJsonString());
                }
                else
                {
                    WriteHuman(result, output);
                }

                return ExitCodes.Success;

            });
        });

        return command;
    }

    private static Command CreateQa(GlobalOptions global)
    {
        var squad = new Option<string?>("--squad") { Description = "A SQuAD v1.1 or v2.0 JSON file; its paragraphs are the corpus.", HelpName = "FILE" };
        var clapnq = new Option<string?>("--clapnq") { Description = "ClapNQ annotated data: a .jsonl file or a folder of them; its passages are the corpus.", HelpName = "DIR|FILE" };
        var golden = new Option<string?>("--golden")
        {
            Description = "Your own golden set, JSON lines {\"question\": \"...\", \"expect\": [\"phrase\", ...], \"unanswerable\": false}, asked against the existing data folder (--data, as for `docent ask`).",
            HelpName = "FILE.jsonl",
        };
        var limit = new Option<int>("--limit") { Description = "Evaluate only the first N questions.", DefaultValueFactory = _ => int.MaxValue, HelpName = "N" };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report.", HelpName = "FILE.html" };
        var details = new Option<string?>("--details") { Description = "Also write one JSON line per question (answer, quotes, gold rank, contains, correct, F1), to study misses.", HelpName = "FILE.jsonl" };
        var command = new Command("qa", """
            Ask every question of a benchmark or golden set through the same path as `docent ask` and score the answers; latency p50/p95 too.

            --squad: ingest a SQuAD file's paragraphs; report hit@1/hit@5 (gold paragraph among the top retrieved documents), contains (a gold answer appears in the answer), SQuAD EM and F1. A SQuAD 2.0 file adds answered-correctly (answerable questions whose answer contains a gold answer), refused-correctly (unanswerable questions refused) and the official HasAns/NoAns EM and F1 (a refusal scores 1 on an unanswerable question).

            --clapnq: ingest the ClapNQ passages; report answered-correctly (the answer quotes at least half of a gold sentence's words), refused-correctly and gold-sentence citation precision and recall.

            --golden: ask your own questions against an existing data folder (--data); answered-correctly: the answer contains an expected phrase (ignoring case); refused-correctly for questions marked unanswerable. See docs/evaluation.md.

            Examples:
              docent eval qa --squad ../shared/data/squad-v1.1/dev-v1.1.json --limit 2000 --json
              docent eval qa --squad ../shared/data/squad2-dev-half/dev-v2.0.json --json
              docent eval qa --clapnq ../shared/data/clapnq-dev/annotated_data/dev --json
              docent eval qa --golden golden.jsonl --data ./my-docs-data --details misses.jsonl
            """)
        {
            squad, clapnq, golden, limit, report, details,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                if (parse.GetValue(limit) < 1)
                {
                    return CommandRunner.Fail(json, "--limit must be at least 1.");
                }

                var sources = new[] { parse.GetValue(squad), parse.GetValue(clapnq), parse.GetValue(golden) };
                if (sources.Count(s => s is not null) != 1)
                {
                    return CommandRunner.Fail(json, "Give exactly one of --squad FILE, --clapnq DIR|FILE or --golden FILE.jsonl.");
                }

                QaEvaluationResult result;
                if (parse.GetValue(golden) is { } goldenPath)
                {
                    var dataDirectory = global.DataDirectory(parse);
                    if (!Directory.Exists(dataDirectory))
                    {
                        return CommandRunner.Fail(json, $"No data folder at '{dataDirectory}': --golden asks your questions against documents you ingested; give their folder with --data DIR.");
                    }

                    var set = GoldenSet.Load(goldenPath);
                    var folder = await DataFolder.OpenAsync(global.ToDocentOptions(parse, dataDirectory), CliServices.Create(), cancellationToken);
                    if ((await folder.GetStatisticsAsync(cancellationToken)).Store.Documents == 0)
                    {
                        return CommandRunner.Fail(json, $"The data folder '{dataDirectory}' holds no documents; run `docent ingest PATHS --data {dataDirectory}` first.");
                    }

                    result = await QaEvaluator.EvaluateAsync(set, folder, parse.GetValue(limit), Progress(json), cancellationToken);
                }
                else
                {
                    using var scratch = new EvalDataFolder(parse.GetValue(global.Data));
                    var folder = await DataFolder.OpenAsync(global.ToDocentOptions(parse, scratch.Path), CliServices.Create(), cancellationToken);
                    result = parse.GetValue(squad) is { } squadPath
                        ? await QaEvaluator.EvaluateAsync(SquadDataset.Load(squadPath), folder, parse.GetValue(limit), Progress(json), cancellationToken)
                        : await QaEvaluator.EvaluateAsync(ClapNqDataset.Load(parse.GetValue(clapnq)!), folder, parse.GetValue(limit), Progress(json), cancellationToken);
                }

                var output = new JsonObject { ["questions"] = result.Questions };
                if (result.Unanswerable > 0 || parse.GetValue(squad) is null)
                {
                    output["answerable"] = result.Answerable;
                    output["unanswerable"] = result.Unanswerable;
                }

                foreach (var (name, value) in result.Metrics)
                {
                    output[name] = Round(value);
                }

                if (result.Threshold is { } threshold)
                {
                    output["minConfidence"] = threshold;
                }

                if (result.Sweep is { } sweep)
                {
                    output["sweep"] = new JsonArray(sweep.Select(p => (JsonNode)new JsonObject
                    {
                        ["threshold"] = p.Threshold,
                        ["answeredCorrectly"] = p.AnsweredCorrectly is { } a ? Round(a) : null,
                        ["refusedCorrectly"] = p.RefusedCorrectly is { } r ? Round(r) : null,
                    }).ToArray());
                }

                output["latencyMs"] = new JsonObject { ["p50"] = Round(result.LatencyMs["p50"]), ["p95"] = Round(result.LatencyMs["p95"]) };
                output["config"] = new JsonObject(result.Config.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
                if (parse.GetValue(report) is { } reportPath)
                {
                    await File.WriteAllTextAsync(reportPath, EvaluationReportWriter.RenderQa(result.Metrics, result.LatencyMs, result.PerQuestionF1, result.Config, result.Config["dataset"], result.Sweep, result.Threshold), cancellationToken);
                }

                if (parse.GetValue(details) is { } detailsPath)
                {
                    await File.WriteAllLinesAsync(detailsPath, result.PerQuestion.Select(o => JsonSerializer.Serialize(o, DetailsJson)), cancellationToken);
                }

                Console.Out.WriteLine(json ? output.ToJsonString() : output.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Success;

            });
        });

        return command;
    }

    private static IProgress<string>? Progress(bool json) =>
        json ? null : new Output.SynchronousProgress<string>(message => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}…[/]"));

    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    private static double Round(double value) => Math.Round(value, 4);

    /// <summary>The `eval retrieval --json` contract: top-level metric means, ci95, perQuery and config.</summary>
    internal static JsonObject ToJson(RetrievalEvaluationResult result)
    {
        var output = new JsonObject
        {
            ["dataset"] = result.Dataset,
            ["split"] = result.Split,
            ["queries"] = result.Queries,
        };
        var ci = new JsonObject();
        foreach (var (name, value) in result.Metrics)
        {
            output[name] = Round(value.Mean);
            ci[name] = new JsonArray(Round(value.Low), Round(value.High));
        }

        output["ci95"] = ci;
        output["perQuery"] = new JsonArray(result.PerQuery.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q =>
        {
            var row = new JsonObject { ["query"] = q.Key };
            foreach (var (name, value) in q.Value)
            {
                row[name] = Round(value);
            }

            return (JsonNode)row;
        }).ToArray());
        output["config"] = new JsonObject(result.Config.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        return output;
    }

    /// <summary>Reads an earlier run's per-query values back, to compare with <paramref name="current"/>.</summary>
    private static RetrievalEvaluationResult FromJson(string path, RetrievalEvaluationResult current)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"--compare '{path}' is not JSON: {ex.Message}", ex);
        }

        if (root?["perQuery"] is not JsonArray rows)
        {
            throw new InvalidDataException($"--compare '{path}' has no perQuery array; pass the output of `docent eval retrieval --json`.");
        }

        var perQuery = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var row in rows.OfType<JsonObject>())
        {
            var id = row["query"]?.ToString() ?? "";
            perQuery[id] = row.Where(p => p.Key != "query" && p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValue<double>(), StringComparer.Ordinal);
        }

        var metrics = current.Metrics.Keys.Where(name => perQuery.Values.All(v => v.ContainsKey(name)))
            .ToDictionary(name => name, name => Bootstrap.Summarise(name, perQuery.Values.Select(v => v[name]).ToList()), StringComparer.Ordinal);
        var config = root["config"] is JsonObject c ? c.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "", StringComparer.Ordinal) : [];
        return new RetrievalEvaluationResult(root["dataset"]?.ToString() ?? path, root["split"]?.ToString() ?? "", perQuery.Count, metrics, perQuery, config);
    }

    private static void WriteHuman(RetrievalEvaluationResult result, JsonObject output)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(result.Dataset)}[/] ({Markup.Escape(result.Split)}, {result.Queries} queries)");
        var table = new Table().AddColumns("metric", "mean", "95% CI");
        foreach (var (name, value) in result.Metrics)
        {
            table.AddRow(name, value.Mean.ToString("0.0000", CultureInfo.InvariantCulture), $"{value.Low.ToString("0.0000", CultureInfo.InvariantCulture)} – {value.High.ToString("0.0000", CultureInfo.InvariantCulture)}");
        }

        AnsiConsole.Write(table);
        if (output["compare"] is JsonObject compare)
        {
            AnsiConsole.MarkupLine($"vs {Markup.Escape(compare["file"]!.ToString())}: nDCG@10 difference {compare["ndcg@10Difference"]}, p = {compare["pValue"]}");
        }
    }

    /// <summary>The data folder of an evaluation: the one given with --data (kept), or a temporary one (deleted).</summary>
    private sealed class EvalDataFolder(string? given) : IDisposable
    {
        public string Path { get; } = given ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "docent-eval-" + Guid.NewGuid().ToString("N")[..8]);

        public void Dispose()
        {
            if (given is null && Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
    }
}
