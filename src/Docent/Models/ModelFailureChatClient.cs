using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Docent.Models;

/// <summary>
/// Decorator that turns provider failures (HTTP errors after retries, timeouts, malformed responses) into one
/// <see cref="ModelUnavailableException"/> naming endpoint, model and reason, and that gives up on a stream that
/// stops sending for longer than the idle timeout (HTTP timeouts end once the response headers arrive).
/// Cancellation by the caller passes through untouched. Thread-safe.
/// </summary>
public sealed class ModelFailureChatClient(IChatClient innerClient, string endpoint, string model, TimeSpan? streamIdleTimeout = null)
    : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ModelUnavailableException.Describe(ex) is { } reason)
        {
            throw new ModelUnavailableException(endpoint, model, reason, ex);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var updates = base.GetStreamingResponseAsync(messages, options, idle.Token).GetAsyncEnumerator(idle.Token);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (streamIdleTimeout is { } timeout)
                {
                    idle.CancelAfter(timeout);
                }

                if (!await updates.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                update = updates.Current;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && idle.IsCancellationRequested)
            {
                throw new ModelUnavailableException(endpoint, model, $"stopped sending for {streamIdleTimeout!.Value.TotalSeconds:0.###} s in the middle of its answer", ex);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ModelUnavailableException.Describe(ex) is { } reason)
            {
                throw new ModelUnavailableException(endpoint, model, reason, ex);
            }

            yield return update;
        }
    }
}
