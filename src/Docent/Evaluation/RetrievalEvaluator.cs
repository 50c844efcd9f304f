using Docent.Hosting;
using Docent.Retrieval;

namespace Docent.Evaluation;

/// <summary>
/// Evaluates retrieval on a BEIR dataset through the user path: the corpus is ingested into a data folder
/// (one document per entry), every judged query is run through the folder's retriever, and a document's
/// score is its best chunk's score. Metrics follow trec_eval; means carry 95% bootstrap intervals.
/// Not thread-safe (one evaluation at a time per data folder).
/// </summary>
public static class RetrievalEvaluator
{
    /// <summary>Chunks retrieved per query: enough to rank 100 distinct documents on multi-chunk corpora.</summary>
    public const int ChunksPerQuery = 1000;

    /// <summary>Ingests the corpus into <paramref name="folder"/> (unchanged entries cost nothing) and evaluates.</summary>
    public static async Task<RetrievalEvaluationResult> EvaluateAsync(
        BeirDataset dataset,
        DataFolder folder,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(folder);
        var corpus = new CorpusMaterializer(Path.Combine(folder.DataDirectory, "eval-corpus", dataset.Name));
        foreach (var (id, text, title) in dataset.ReadCorpus())
        {
            cancellationToken.ThrowIfCancellationRequested();
            corpus.Write(id, title, text);
        }

        progress?.Report($"ingesting the {dataset.Name} corpus");
        await corpus.IngestAsync(folder, cancellationToken).ConfigureAwait(false);

        progress?.Report($"running {dataset.Queries.Count} queries");
        var perQuery = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (queryId, judged) in dataset.Qrels.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            var hits = await folder.Retriever.RetrieveAsync(dataset.Queries[queryId], new RetrievalOptions { Top = ChunksPerQuery }, cancellationToken).ConfigureAwait(false);
            perQuery[queryId] = RetrievalMetrics.Evaluate(RankDocuments(hits, corpus), judged);
        }

        var names = perQuery.Values.FirstOrDefault()?.Keys.ToList() ?? [];
        var metrics = names.ToDictionary(
            name => name,
            name => Bootstrap.Summarise(name, perQuery.Values.Select(v => v[name]).ToList()),
            StringComparer.Ordinal);
        var lexical = folder.Options.Lexical;
        var config = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["retriever"] = (folder.Options.Feedback is { } fb
                ? $"lexical (BM25F) + RM3 (docs {fb.Documents}, terms {fb.Terms}, λ {fb.OriginalQueryWeight.ToString(System.Globalization.CultureInfo.InvariantCulture)})"
                : "lexical (BM25F)") + folder.Mode switch
                {
                    Retrieval.RetrievalMode.Hybrid => $", fused with vectors of {folder.EmbeddingModelId} ({folder.Options.Settings.Retrieval.Fusion.ToString().ToLowerInvariant()})",
                    Retrieval.RetrievalMode.Vector => $" not used: vectors of {folder.EmbeddingModelId} only",
                    _ => "",
                },
            ["analyzer"] = folder.Analyzer.Name,
            ["k1"] = lexical.K1.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["b"] = lexical.B.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["titleWeight"] = lexical.TitleWeight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["headingsWeight"] = lexical.HeadingsWeight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["bodyWeight"] = lexical.BodyWeight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["chunkTokens"] = folder.Options.Chunking.MaxTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["documentScore"] = "max over chunks",
            ["chunks"] = (await folder.Documents.GetStatisticsAsync(cancellationToken).ConfigureAwait(false)).Chunks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new RetrievalEvaluationResult(dataset.Name, dataset.Split, perQuery.Count, metrics, perQuery, config);
    }

    /// <summary>Distinct documents by their best chunk score, best first (ties by id), at most 100.</summary>
    private static List<string> RankDocuments(IReadOnlyList<RetrievedChunk> hits, CorpusMaterializer corpus)
    {
        var best = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            if (corpus.IdOf(hit.Document.Source) is { } id && (!best.TryGetValue(id, out var score) || hit.Score > score))
            {
                best[id] = hit.Score;
            }
        }

        return best.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(100).Select(p => p.Key).ToList();
    }
}
