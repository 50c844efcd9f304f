namespace Docent.Asking;

/// <summary>
/// The base of ask decorators (answer cache, audit), as <c>DelegatingChatClient</c> is for chat clients: passes every call
/// to <see cref="InnerPipeline"/> unless a subclass overrides it; <see cref="AskAsync"/> drains this decorator's own stream,
/// so a subclass overrides <see cref="AskStreamingAsync"/> only. Composed with <see cref="AskPipelineBuilder"/>.
/// Thread-safe when the inner pipeline is.
/// </summary>
public abstract class DelegatingAskPipeline : IAskPipeline
{
    /// <summary>Wraps <paramref name="innerPipeline"/>.</summary>
    protected DelegatingAskPipeline(IAskPipeline innerPipeline)
    {
        ArgumentNullException.ThrowIfNull(innerPipeline);
        InnerPipeline = innerPipeline;
    }

    /// <summary>The decorated pipeline.</summary>
    public IAskPipeline InnerPipeline { get; }

    /// <inheritdoc />
    public async Task<AskResult> AskAsync(string question, AskRequest? request = null, CancellationToken cancellationToken = default)
    {
        AskResult? result = null;
        await foreach (var update in AskStreamingAsync(question, request, cancellationToken).ConfigureAwait(false))
        {
            result = update.Result ?? result;
        }

        return result ?? throw new InvalidOperationException("The ask pipeline finished without a result.");
    }

    /// <inheritdoc />
    public virtual IAsyncEnumerable<AskUpdate> AskStreamingAsync(string question, AskRequest? request = null, CancellationToken cancellationToken = default) =>
        InnerPipeline.AskStreamingAsync(question, request, cancellationToken);
}
