using Microsoft.Extensions.AI;

namespace Docent.Models;

/// <summary>
/// The query side of an asymmetric embedding model: puts the model's <see cref="EmbeddingQueryPrefix"/> before
/// every text, so a retriever's queries land where the model expects them. Thread-safe when the inner generator is.
/// </summary>
public sealed class QueryPrefixEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly string _prefix;

    private QueryPrefixEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string prefix)
        : base(inner) => _prefix = prefix;

    /// <summary>
    /// The generator to embed queries with: <paramref name="generator"/> wrapped when it reports an
    /// <see cref="EmbeddingQueryPrefix"/>, else <paramref name="generator"/> itself.
    /// </summary>
    public static IEmbeddingGenerator<string, Embedding<float>> ForQueries(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return generator.GetService(typeof(EmbeddingQueryPrefix)) is EmbeddingQueryPrefix { Prefix.Length: > 0 } query
            ? new QueryPrefixEmbeddingGenerator(generator, query.Prefix)
            : generator;
    }

    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        return base.GenerateAsync(values.Select(v => _prefix + v), options, cancellationToken);
    }
}
