using Microsoft.Extensions.AI;

namespace Docent.Models;

/// <summary>
/// Decorator that turns provider failures of an embedding call into one <see cref="ModelUnavailableException"/>
/// naming endpoint, model and reason. Cancellation passes through untouched. Thread-safe.
/// </summary>
public sealed class ModelFailureEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, string endpoint, string model)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator)
{
    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ModelUnavailableException.Describe(ex) is { } reason)
        {
            throw new ModelUnavailableException(endpoint, model, reason, ex);
        }
    }
}
