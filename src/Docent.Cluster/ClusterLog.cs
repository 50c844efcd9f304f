using Microsoft.Extensions.Logging;

namespace Docent.Cluster;

/// <summary>The cluster's log messages.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Shard {Shard} opened {Directory} in {Milliseconds} ms")]
    public static partial void ShardOpened(ILogger logger, string shard, string directory, long milliseconds);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Shard {Shard} ingested {Documents} documents ({Failed} failed)")]
    public static partial void ShardIngested(ILogger logger, string shard, int documents, int failed);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Collection {Collection}: shard {Shard} did not answer (try {Attempt}): {Reason}")]
    public static partial void ShardUnavailable(ILogger logger, string collection, int shard, int attempt, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Collection {Collection}: results miss shards {Shards}")]
    public static partial void PartialResults(ILogger logger, string collection, string shards);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Collection {Collection}: shard statistics changed during a search; searching again")]
    public static partial void StatisticsMoved(ILogger logger, string collection);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Collection {Collection}: shard statistics kept changing over {Attempts} searches; the scores use figures one write old")]
    public static partial void StatisticsUnsettled(ILogger logger, string collection, int attempts);
}
