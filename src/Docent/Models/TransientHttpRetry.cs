using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Docent.Models;

/// <summary>
/// The HTTP pipeline under every remote model client: retries transient failures (HTTP 408, 429, 5xx,
/// connection errors, per-attempt timeouts) with exponential backoff and jitter, honouring Retry-After, and
/// bounds each attempt by a timeout. Built on Microsoft.Extensions.Http.Resilience (Polly). Static; thread-safe.
/// </summary>
public static class TransientHttpRetry
{
    /// <summary>
    /// An <see cref="HttpClient"/> whose requests go through the retry pipeline, then <paramref name="transport"/>
    /// (default: a new <see cref="SocketsHttpHandler"/>). Its own timeout is infinite: attempts are bounded by
    /// <paramref name="attemptTimeout"/>, the whole call by the caller's cancellation token.
    /// </summary>
    public static HttpClient CreateClient(int maxRetries, TimeSpan firstDelay, TimeSpan attemptTimeout, HttpMessageHandler? transport = null)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (maxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay,
                MaxDelay = TimeSpan.FromSeconds(Math.Max(30, firstDelay.TotalSeconds)),
                ShouldRetryAfterHeader = true,
            });
        }

        pipeline.AddTimeout(attemptTimeout);
        var handler = new ResilienceHandler(pipeline.Build()) { InnerHandler = transport ?? new SocketsHttpHandler() };
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
