using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Docent.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Docent.Asking;

/// <summary>
/// Serves a repeated one-off question from an <see cref="AnswerCache"/>: a decorator (not code in <see cref="AskPipeline"/>,
/// which stays the plain stages) because what makes an answer reusable — the folder's version, the settings in force — is
/// known to the host that composes it. An answer is reused only for the same normalised question
/// (<see cref="AnswerCache.NormalizeQuestion"/>), caller's access scope (<see cref="Access.AccessScope.Key"/>; null counts as
/// everything), top, answer options and settings fingerprint, and only while the folder's version (read for every question:
/// any ingest, removal, access change or move changes it) is the one it was answered under. Questions with history (a
/// conversation id or earlier turns) pass straight through: their answer depends on the history. Failed or cancelled
/// questions store nothing; two identical misses at once both compute (the later replaces the earlier). A hit returns the
/// original result with <see cref="AskResult.Cached"/> set and its original stage timings; streamed, it yields the standalone
/// question, the original stream's text as one piece (when it had any), then the result. Counts hits, misses and the latency
/// saved on <see cref="DocentTelemetry"/>. Thread-safe.
/// </summary>
public sealed class CachingAskPipeline : DelegatingAskPipeline
{
    private readonly AnswerCache _cache;
    private readonly string _partition;
    private readonly Func<CancellationToken, Task<string>> _version;
    private readonly string _fingerprint;
    private readonly ILogger _logger;

    /// <summary>
    /// Caches <paramref name="innerPipeline"/>'s answers in <paramref name="cache"/> under <paramref name="partition"/> (what
    /// tells apart the folders sharing the cache); <paramref name="version"/> reads the folder's current version and
    /// <paramref name="settingsFingerprint"/> names the settings that shape its answers (models, modes, prompts).
    /// </summary>
    public CachingAskPipeline(
        IAskPipeline innerPipeline, AnswerCache cache, string partition, Func<CancellationToken, Task<string>> version, string settingsFingerprint = "",
        ILogger<CachingAskPipeline>? logger = null)
        : base(innerPipeline)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(settingsFingerprint);
        _cache = cache;
        _partition = partition;
        _version = version;
        _fingerprint = settingsFingerprint;
        _logger = logger ?? NullLogger<CachingAskPipeline>.Instance;
    }

    /// <summary>Whether an answer to <paramref name="request"/> may be cached: a one-off question, with no conversation or earlier turns.</summary>
    public static bool IsCacheable(AskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ConversationId is null && (request.History is null || request.History.Count == 0);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<AskUpdate> AskStreamingAsync(
        string question, AskRequest? request = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        request ??= new AskRequest();
        if (!IsCacheable(request))
        {
            await foreach (var update in InnerPipeline.AskStreamingAsync(question, request, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        request.Validate();
        var stopwatch = Stopwatch.StartNew();
        var version = await _version(cancellationToken).ConfigureAwait(false);
        var key = KeyOf(question, request);
        if (_cache.TryGet(_partition, version, key, out var hit))
        {
            var elapsed = stopwatch.Elapsed;
            DocentTelemetry.AnswerCacheHits.Add(1);
            DocentTelemetry.AnswerCacheSaved.Record(Math.Max(0, (hit.Latency - elapsed).TotalSeconds));
            AskLog.CacheHit(_logger, AskLog.Fingerprint(question), Math.Round(elapsed.TotalMilliseconds, 3), (long)hit.Latency.TotalMilliseconds);
            yield return new AskUpdate(StandaloneQuestion: hit.Result.StandaloneQuestion);
            if (hit.StreamedText is { Length: > 0 } text)
            {
                yield return new AskUpdate(Delta: text);
            }

            yield return new AskUpdate(Result: hit.Result with { Cached = true });
            yield break;
        }

        DocentTelemetry.AnswerCacheMisses.Add(1);
        StringBuilder? streamed = null;
        await foreach (var update in InnerPipeline.AskStreamingAsync(question, request, cancellationToken).ConfigureAwait(false))
        {
            if (update.Delta is { } delta)
            {
                (streamed ??= new StringBuilder()).Append(delta);
            }

            if (update.Result is { Cached: false } result)
            {
                _cache.Add(_partition, version, key, new AnswerCache.Entry(result, streamed?.ToString(), stopwatch.Elapsed));
            }

            yield return update;
        }
    }

    /// <summary>The cache key of a question: everything of the request that can change its answer, and the settings fingerprint.</summary>
    private string KeyOf(string question, AskRequest request)
    {
        var answering = request.Answering is { } a
            ? string.Create(CultureInfo.InvariantCulture, $"{a.MaxSentences}|{a.DropUnsupported}|{a.MinConfidence?.ToString("R", CultureInfo.InvariantCulture) ?? "-"}")
            : "default";
        return string.Join(
            '\u001f',
            AnswerCache.NormalizeQuestion(question),
            request.Access?.Key ?? Access.AccessScope.Everything.Key,
            request.Top.ToString(CultureInfo.InvariantCulture),
            answering,
            request.MaxOutputTokens?.ToString(CultureInfo.InvariantCulture) ?? "-",
            _fingerprint);
    }
}
