namespace Docent.Asking;

/// <summary>
/// Answers questions: what <see cref="AskPipeline"/> does, and what its decorators (<see cref="CachingAskPipeline"/>,
/// <see cref="AuditingAskPipeline"/>, composed by <see cref="AskPipelineBuilder"/>) add to. Thread-safe when its parts are.
/// </summary>
public interface IAskPipeline
{
    /// <summary>Answers <paramref name="question"/> and returns the final result.</summary>
    Task<AskResult> AskAsync(string question, AskRequest? request = null, CancellationToken cancellationToken = default);

    /// <summary>Answers <paramref name="question"/>: the standalone question, then text pieces, then the checked result.</summary>
    IAsyncEnumerable<AskUpdate> AskStreamingAsync(string question, AskRequest? request = null, CancellationToken cancellationToken = default);
}
