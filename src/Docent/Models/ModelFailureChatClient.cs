using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Docent.Models;

/// <summary>
/// Decorator that turns provider failures (HTTP errors after retries, timeouts, malformed responses) into one
/// <see cref="ModelUnavailableException"/> naming endpoint, model and reason. Cancellation passes through
/// untouched. Thread-safe.
/// </summary>
public sealed class ModelFailureChatClient(IChatClient innerClient, string endpoint, string model) : DelegatingChatClient(innerClient)
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
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                update = updates.Current;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ModelUnavailableException.Describe(ex) is { } reason)
            {
                throw new ModelUnavailableException(endpoint, model, reason, ex);
            }

            yield return update;
        }
    }
}
