using Docent.Asking;
using Docent.Hosting;
using Microsoft.Extensions.Logging;

namespace Docent.Server.Collections;

/// <summary>
/// What the server puts around every collection's ask pipeline: one answer cache shared by all collections (partitioned per
/// collection folder; <see cref="ServerOptions.AnswerCacheEntries"/>, 0: none) and the audit log (<see cref="ServerOptions.Audit"/>,
/// off unless a path is set). The ask endpoint, chat completions and the MCP ask tool all take their pipeline from here.
/// Thread-safe; disposing closes the audit log.
/// </summary>
public sealed class ServerAsking : IDisposable
{
    /// <summary>Creates the cache and opens the audit log that <paramref name="options"/> ask for.</summary>
    public ServerAsking(ServerOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Cache = options.AnswerCacheEntries > 0 ? new AnswerCache(options.AnswerCacheEntries) : null;
        Audit = options.Audit.Open(options.DataDirectory, loggerFactory);
    }

    /// <summary>The answer cache, or null when it is off.</summary>
    public AnswerCache? Cache { get; }

    /// <summary>The audit log, or null when it is off.</summary>
    public AskAuditLog? Audit { get; }

    /// <summary>The pipeline that answers questions to <paramref name="collection"/>, held in <paramref name="folder"/>.</summary>
    public IAskPipeline For(DataFolder folder, string collection)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.CreateAskPipeline(Cache, Audit, collection);
    }

    /// <summary>Closes the audit log.</summary>
    public void Dispose() => Audit?.Dispose();
}
