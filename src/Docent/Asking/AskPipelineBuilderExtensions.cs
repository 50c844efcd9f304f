using Microsoft.Extensions.Logging;

namespace Docent.Asking;

/// <summary>One <c>Use*</c> method per ask decorator. Static; thread-safe.</summary>
public static class AskPipelineBuilderExtensions
{
    /// <summary>
    /// Serves repeated one-off questions from <paramref name="cache"/> (<see cref="CachingAskPipeline"/>); a null cache adds
    /// nothing. <paramref name="partition"/> tells apart the folders sharing the cache, <paramref name="version"/> reads the
    /// folder's version, <paramref name="settingsFingerprint"/> names the settings that shape its answers.
    /// </summary>
    public static AskPipelineBuilder UseAnswerCache(
        this AskPipelineBuilder builder, AnswerCache? cache, string partition, Func<CancellationToken, Task<string>> version, string settingsFingerprint = "",
        ILogger<CachingAskPipeline>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return cache is null ? builder : builder.Use(inner => new CachingAskPipeline(inner, cache, partition, version, settingsFingerprint, logger));
    }

    /// <summary>Writes each answered question to <paramref name="log"/> (<see cref="AuditingAskPipeline"/>); a null log adds nothing.</summary>
    public static AskPipelineBuilder UseAudit(this AskPipelineBuilder builder, AskAuditLog? log, string collection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return log is null ? builder : builder.Use(inner => new AuditingAskPipeline(inner, log, collection));
    }
}
