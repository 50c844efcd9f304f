using Microsoft.Extensions.Logging;

namespace Docent.Storage;

/// <summary>
/// The store's log events (ids 2010–2099, listed in docs/operations.md): waits for the data folder's write lock.
/// No document text. Source-generated (<see cref="LoggerMessageAttribute"/>); static and
/// thread-safe.
/// </summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Waiting up to {WaitSeconds} s for another writer to release {DataDirectory}")]
    public static partial void WaitingForLock(ILogger logger, double waitSeconds, string dataDirectory);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Debug, Message = "Took the write lock of {DataDirectory} after waiting {ElapsedMs} ms")]
    public static partial void LockTakenAfterWait(ILogger logger, string dataDirectory, long elapsedMs);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Gave up waiting for the write lock of {DataDirectory} after {WaitSeconds} s: another writer still holds it")]
    public static partial void LockWaitTimedOut(ILogger logger, string dataDirectory, double waitSeconds);
}
