using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Docent.Asking;

/// <summary>
/// Writes every answered question to an <see cref="AskAuditLog"/>: caller, principals, collection, question, the cited
/// documents, whether it came from the cache and how long it took. A decorator, outermost, so cached answers are audited too.
/// The record is written when the result arrives, before it is passed on, so a caller that stops reading at the result
/// loses no record; a failed or cancelled question writes none. Thread-safe.
/// </summary>
public sealed class AuditingAskPipeline : DelegatingAskPipeline
{
    private readonly AskAuditLog _log;
    private readonly string _collection;
    private readonly TimeProvider _time;

    /// <summary>Audits <paramref name="innerPipeline"/>'s answers to <paramref name="log"/>, naming <paramref name="collection"/>.</summary>
    public AuditingAskPipeline(IAskPipeline innerPipeline, AskAuditLog log, string collection, TimeProvider? timeProvider = null)
        : base(innerPipeline)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(collection);
        _log = log;
        _collection = collection;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<AskUpdate> AskStreamingAsync(
        string question, AskRequest? request = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        request ??= new AskRequest();
        var stopwatch = Stopwatch.StartNew();
        await foreach (var update in InnerPipeline.AskStreamingAsync(question, request, cancellationToken).ConfigureAwait(false))
        {
            if (update.Result is { } result)
            {
                _log.Write(RecordOf(question, request, result, stopwatch.Elapsed));
            }

            yield return update;
        }
    }

    private AskAuditRecord RecordOf(string question, AskRequest request, AskResult result, TimeSpan latency)
    {
        var access = request.Access;
        IReadOnlyList<string> principals = access is null || access.IsUnrestricted ? ["*"] : access.Principals;
        var documents = result.Answer.Citations
            .DistinctBy(c => c.DocumentId, StringComparer.Ordinal)
            .Select(c => (c.DocumentId, c.ShownSource ?? Path.GetFileName(c.Source)))
            .ToList();
        return new AskAuditRecord(
            _time.GetUtcNow(), request.CallerName ?? "unknown", principals, _collection, question, result.StandaloneQuestion, result.ConversationId,
            result.Answer.Found, documents, result.Cached, latency);
    }
}
