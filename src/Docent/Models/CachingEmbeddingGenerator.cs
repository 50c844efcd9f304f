using System.Security.Cryptography;
using System.Text;
using Docent.Diagnostics;
using Microsoft.Extensions.AI;

namespace Docent.Models;

/// <summary>
/// Decorator that serves embeddings from an <see cref="IEmbeddingCache"/> keyed by the SHA-256 of the text and
/// the model id, and asks the inner generator only for the texts it has never embedded (each distinct text
/// once per call). Thread-safe when the cache and the inner generator are.
/// </summary>
public sealed class CachingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly IEmbeddingCache _cache;
    private readonly string _modelId;

    /// <summary>Wraps <paramref name="innerGenerator"/>; vectors are stored under <paramref name="modelId"/>.</summary>
    public CachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, IEmbeddingCache cache, string modelId)
        : base(innerGenerator)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        _cache = cache;
        _modelId = modelId;
    }

    /// <summary>The SHA-256 of the text's UTF-8 bytes: the cache key.</summary>
    public static byte[] ContentHash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var hashes = texts.Select(ContentHash).ToList();
        var cached = await _cache.GetManyAsync(_modelId, hashes, cancellationToken).ConfigureAwait(false);

        // Each distinct missing text is embedded once, however often it repeats in the batch.
        var missing = new Dictionary<string, int>(StringComparer.Ordinal);
        var missingTexts = new List<string>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (cached[i] is null && missing.TryAdd(texts[i], missingTexts.Count))
            {
                missingTexts.Add(texts[i]);
            }
        }

        Diagnostics.DocentTelemetry.EmbeddingCacheHits.Add(cached.Count(v => v is not null));
        Diagnostics.DocentTelemetry.EmbeddingCacheMisses.Add(missingTexts.Count);
        float[][] fresh = [];
        if (missingTexts.Count > 0)
        {
            var generated = await base.GenerateAsync(missingTexts, options, cancellationToken).ConfigureAwait(false);
            if (generated.Count != missingTexts.Count)
            {
                throw new InvalidDataException($"The embedding model \"{_modelId}\" returned {generated.Count} vectors for {missingTexts.Count} texts.");
            }

            fresh = generated.Select(e => e.Vector.ToArray()).ToArray();
            var entries = missingTexts.Select((text, i) => (ContentHash(text), fresh[i])).ToList();
            await _cache.PutManyAsync(_modelId, entries, cancellationToken).ConfigureAwait(false);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var vector = cached[i] ?? fresh[missing[texts[i]]];
            result.Add(new Embedding<float>(vector) { ModelId = _modelId });
        }

        return result;
    }
}
