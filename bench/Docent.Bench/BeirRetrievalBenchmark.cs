using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Retrieval;

namespace Docent.Bench;

/// <summary>
/// Retrieval quality of the embedded default on a BEIR-layout dataset, through the same ingest and search
/// path users run. Document score = best chunk score (the BEIR convention for passage-level indexes).
/// </summary>
internal static class BeirRetrievalBenchmark
{
    public static async Task<int> RunAsync(string datasetDirectory, string split)
    {
        var root = Path.Combine(Path.GetTempPath(), "docent-bench-beir-" + Guid.NewGuid().ToString("N")[..8]);
        var docs = Path.Combine(root, "docs");
        Directory.CreateDirectory(docs);
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(datasetDirectory, "corpus.jsonl")))
            {
                using var entry = JsonDocument.Parse(line);
                var id = entry.RootElement.GetProperty("_id").GetString()!;
                var title = entry.RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
                var text = entry.RootElement.GetProperty("text").GetString() ?? "";
                await File.WriteAllTextAsync(Path.Combine(docs, id + ".md"), (title.Length > 0 ? "# " + title + "\n\n" : "") + text + "\n");
            }

            var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(root, "data") });
            var ingest = await folder.CreateIngestionPipeline().IngestAsync([docs], new IngestOptions());
            Console.Error.WriteLine($"ingested {ingest.Added} documents, {ingest.Chunks} chunks in {ingest.Elapsed.TotalSeconds:0.0} s ({ingest.Failed.Count} failed)");

            var queries = File.ReadLines(Path.Combine(datasetDirectory, "queries.jsonl"))
                .Select(l => JsonDocument.Parse(l).RootElement)
                .ToDictionary(e => e.GetProperty("_id").GetString()!, e => e.GetProperty("text").GetString()!);
            var qrels = new Dictionary<string, Dictionary<string, int>>();
            foreach (var line in File.ReadLines(Path.Combine(datasetDirectory, "qrels", split + ".tsv")).Skip(1))
            {
                var parts = line.Split('\t');
                if (parts.Length < 3)
                {
                    continue;
                }

                if (!qrels.TryGetValue(parts[0], out var judged))
                {
                    qrels[parts[0]] = judged = [];
                }

                judged[parts[1]] = int.Parse(parts[2], CultureInfo.InvariantCulture);
            }

            double ndcgSum = 0, recallSum = 0;
            var latencies = new List<double>();
            foreach (var (queryId, judged) in qrels)
            {
                var stopwatch = Stopwatch.StartNew();
                var hits = await folder.Retriever.RetrieveAsync(queries[queryId], new RetrievalOptions { Top = 300 });
                latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
                var ranking = hits
                    .GroupBy(h => Path.GetFileNameWithoutExtension(h.Document.Source))
                    .Select(g => (Id: g.Key, Score: g.Max(h => h.Score)))
                    .OrderByDescending(d => d.Score).ThenBy(d => d.Id, StringComparer.Ordinal)
                    .Select(d => d.Id).Take(100).ToList();
                ndcgSum += NdcgAt(ranking, judged, 10);
                recallSum += (double)ranking.Count(judged.ContainsKey) / judged.Count(j => j.Value > 0);
            }

            latencies.Sort();
            var result = new
            {
                dataset = DatasetName(datasetDirectory),
                split,
                queries = qrels.Count,
                ndcgAt10 = Math.Round(ndcgSum / qrels.Count, 4),
                recallAt100 = Math.Round(recallSum / qrels.Count, 4),
                chunks = ingest.Chunks,
                ingestSeconds = Math.Round(ingest.Elapsed.TotalSeconds, 2),
                searchMsP50 = Math.Round(latencies[latencies.Count / 2], 3),
                searchMsP95 = Math.Round(latencies[(int)(latencies.Count * 0.95)], 3),
            };
            Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The dataset's name: its folder, or the parent's when the folder is the conventional "beir".</summary>
    private static string DatasetName(string directory)
    {
        var full = new DirectoryInfo(Path.GetFullPath(directory));
        return full.Name == "beir" && full.Parent is not null ? full.Parent.Name : full.Name;
    }

    /// <summary>nDCG@k as trec_eval computes it: gain = relevance grade, discount log2(rank + 1), ideal from the judgements.</summary>
    internal static double NdcgAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> judged, int k)
    {
        double dcg = 0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (judged.TryGetValue(ranking[i], out var grade) && grade > 0)
            {
                dcg += grade / Math.Log2(i + 2);
            }
        }

        var ideal = judged.Values.Where(g => g > 0).OrderByDescending(g => g).Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }
}
