using Docent.Diagnostics;

namespace Docent.Retrieval;

/// <summary>
/// Runs a lexical and a vector retriever in parallel and fuses their rankings (min-max normalised scores by
/// default, or reciprocal rank fusion). Each side is asked for <see cref="CandidateDepth"/> candidates (at
/// least the requested top), so a chunk ranked well by one side only can still win. Thread-safe when both
/// retrievers are.
/// </summary>
public sealed class HybridRetriever : IRetriever
{
    private readonly IRetriever _lexical;
    private readonly IRetriever _vector;
    private readonly FusionMethod _fusion;
    private readonly double _vectorWeight;

    /// <summary>Creates the retriever; <paramref name="vectorWeight"/> (0–1) weighs the vector side in min-max fusion.</summary>
    public HybridRetriever(IRetriever lexical, IRetriever vector, FusionMethod fusion = FusionMethod.MinMax, double vectorWeight = 0.5, int candidateDepth = 100)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentOutOfRangeException.ThrowIfLessThan(vectorWeight, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vectorWeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidateDepth, 1);
        _lexical = lexical;
        _vector = vector;
        _fusion = fusion;
        _vectorWeight = vectorWeight;
        CandidateDepth = candidateDepth;
    }

    /// <summary>How many candidates each side contributes.</summary>
    public int CandidateDepth { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RetrievalOptions();
        options.Validate();
        var depth = options.WithTop(Math.Max(options.Top, CandidateDepth));
        var lexicalTask = _lexical.RetrieveAsync(query, depth, cancellationToken);
        var vectorTask = _vector.RetrieveAsync(query, depth, cancellationToken);
        await Task.WhenAll(lexicalTask, vectorTask).ConfigureAwait(false);
        var lexical = await lexicalTask.ConfigureAwait(false);
        var vector = await vectorTask.ConfigureAwait(false);

        using var fusing = Diagnostics.DocentTelemetry.Source.StartActivity("fuse");
        fusing?.SetTag("docent.fusion", _fusion.ToString());

        // Fusion works on numeric keys: number the distinct chunks in order of first appearance.
        var chunks = new List<RetrievedChunk>();
        var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var hit in lexical.Concat(vector))
        {
            if (numbers.TryAdd(hit.Chunk.Id, chunks.Count))
            {
                chunks.Add(hit);
            }
        }

        var rankings = new IReadOnlyList<ScoredKey>[] { ToKeys(lexical, numbers), ToKeys(vector, numbers) };
        var fused = _fusion == FusionMethod.Rrf
            ? RankFusion.ReciprocalRank(rankings)
            : RankFusion.MinMax(rankings, [1 - _vectorWeight, _vectorWeight]);

        var results = new List<RetrievedChunk>(Math.Min(options.Top, fused.Count));
        foreach (var hit in fused.Take(options.Top))
        {
            results.Add(chunks[(int)hit.Key] with { Score = hit.Score, Rank = results.Count + 1 });
        }

        return results;
    }

    private static ScoredKey[] ToKeys(IReadOnlyList<RetrievedChunk> hits, Dictionary<string, long> numbers) =>
        hits.Select(h => new ScoredKey(numbers[h.Chunk.Id], h.Score)).ToArray();
}
