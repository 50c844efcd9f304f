using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Docent.Diagnostics;

/// <summary>
/// The engine's OpenTelemetry instruments: one activity source and one meter named "Docent", with constant
/// activity names per stage (ask, condense, retrieve, fuse, generate, ground) and a few metrics (stage latency,
/// embedding and answer cache hits and misses, latency saved by the answer cache). Listeners (the server, tests) subscribe by name; with none, they cost a
/// branch. Static; thread-safe.
/// </summary>
public static class DocentTelemetry
{
    /// <summary>The activity source and meter name.</summary>
    public const string Name = "Docent";

    /// <summary>Traces of the ask and ingest stages.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Seconds per stage; tag "stage" = condense | retrieve | generate | ask.</summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>("docent.stage.duration", "s", "Time spent in a stage of answering a question.");

    /// <summary>Embeddings served from the cache.</summary>
    public static readonly Counter<long> EmbeddingCacheHits = Meter.CreateCounter<long>("docent.embedding.cache.hits", description: "Texts whose embedding came from the cache.");

    /// <summary>Embeddings the model had to compute.</summary>
    public static readonly Counter<long> EmbeddingCacheMisses = Meter.CreateCounter<long>("docent.embedding.cache.misses", description: "Texts the embedding model had to embed.");

    /// <summary>Questions answered; tag "found" = true | false, "model" = extractive or the model name.</summary>
    public static readonly Counter<long> Questions = Meter.CreateCounter<long>("docent.questions", description: "Questions answered.");

    /// <summary>Questions answered from the answer cache (nothing retrieved or generated).</summary>
    public static readonly Counter<long> AnswerCacheHits = Meter.CreateCounter<long>("docent.answer_cache.hits", description: "Questions answered from the answer cache.");

    /// <summary>Cacheable questions the answer cache did not hold (answered, then stored).</summary>
    public static readonly Counter<long> AnswerCacheMisses = Meter.CreateCounter<long>("docent.answer_cache.misses", description: "Cacheable questions the answer cache did not hold.");

    /// <summary>Per cache hit: the original answer's latency less the lookup's, in seconds (the sum is the time saved).</summary>
    public static readonly Histogram<double> AnswerCacheSaved = Meter.CreateHistogram<double>("docent.answer_cache.saved", "s", "Latency a cache hit saved: the original answer's less the lookup's.");

    /// <summary>Answer sentences the grounding check could not support.</summary>
    public static readonly Counter<long> UnsupportedSentences = Meter.CreateCounter<long>("docent.answer.unsupported", description: "Answer sentences the grounding check could not support.");

    /// <summary>Readers' verdicts on answers; tag "rating" = up | down.</summary>
    public static readonly Counter<long> Feedback = Meter.CreateCounter<long>("docent.feedback", description: "Readers' thumbs up and down on answers.");
}
