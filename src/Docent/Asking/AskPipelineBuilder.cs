namespace Docent.Asking;

/// <summary>
/// Composes an ask pipeline from an inner one and decorators, as <c>ChatClientBuilder</c> does: the first
/// <see cref="Use"/> is the outermost decorator. The <c>Use*</c> extensions in <see cref="AskPipelineBuilderExtensions"/>
/// add one concern each. Not thread-safe while building; what it builds is as thread-safe as its parts.
/// </summary>
public sealed class AskPipelineBuilder
{
    private readonly IAskPipeline _inner;
    private readonly List<Func<IAskPipeline, IAskPipeline>> _decorators = [];

    /// <summary>Starts from <paramref name="innerPipeline"/>, the pipeline that answers.</summary>
    public AskPipelineBuilder(IAskPipeline innerPipeline)
    {
        ArgumentNullException.ThrowIfNull(innerPipeline);
        _inner = innerPipeline;
    }

    /// <summary>Adds a decorator; it wraps everything added after it.</summary>
    public AskPipelineBuilder Use(Func<IAskPipeline, IAskPipeline> decorator)
    {
        ArgumentNullException.ThrowIfNull(decorator);
        _decorators.Add(decorator);
        return this;
    }

    /// <summary>The composed pipeline.</summary>
    public IAskPipeline Build()
    {
        var pipeline = _inner;
        for (var i = _decorators.Count - 1; i >= 0; i--)
        {
            pipeline = _decorators[i](pipeline) ?? throw new InvalidOperationException($"Ask pipeline decorator {i} returned null.");
        }

        return pipeline;
    }
}
