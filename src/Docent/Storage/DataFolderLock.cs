using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Docent.Storage;

/// <summary>
/// An exclusive, process-wide lock on a data folder for writers (CLI ingest and remove, server uploads and
/// deletes), held through an OS file lock that the OS releases if the process dies. Readers never take it.
/// Every write path takes it, so a data folder has one writer at a time across processes; a writer that finds
/// it held waits a while (the other writer is usually brief) and then gives up with
/// <see cref="DataFolderBusyException"/>. Dispose to release. Thread-safe.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    /// <summary>File name of the lock inside the data folder.</summary>
    public const string LockFileName = "write.lock";

    /// <summary>How long a writer waits for another one by default.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock now, or throws <see cref="DataFolderBusyException"/> naming the folder when another writer holds it.</summary>
    public static DataFolderLock Acquire(string dataDirectory) =>
        TryAcquire(dataDirectory, out var held) ?? throw new DataFolderBusyException(dataDirectory, TimeSpan.Zero, held);

    /// <summary>
    /// Takes the lock, waiting up to <paramref name="wait"/> while another writer (this process or another) holds it;
    /// <paramref name="onWaiting"/> runs once when waiting starts (to tell the user); <paramref name="logger"/> records the
    /// wait (<see cref="StorageLog"/>). Throws <see cref="DataFolderBusyException"/> when the wait runs out.
    /// </summary>
    public static async Task<DataFolderLock> AcquireAsync(
        string dataDirectory, TimeSpan wait, Action? onWaiting = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var deadline = DateTime.UtcNow + wait;
        var told = false;
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            if (TryAcquire(dataDirectory, out var held) is { } taken)
            {
                if (told)
                {
                    StorageLog.LockTakenAfterWait(logger, dataDirectory, waiting.ElapsedMilliseconds);
                }

                return taken;
            }

            if (DateTime.UtcNow >= deadline)
            {
                StorageLog.LockWaitTimedOut(logger, dataDirectory, wait.TotalSeconds);
                throw new DataFolderBusyException(dataDirectory, wait, held);
            }

            if (!told)
            {
                StorageLog.WaitingForLock(logger, wait.TotalSeconds, dataDirectory);
                onWaiting?.Invoke();
                told = true;
            }

            // An OS file lock offers no wake-up across processes; polling it is the portable way to wait.
            await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();

    private static DataFolderLock? TryAcquire(string dataDirectory, out IOException? held)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, LockFileName);
        try
        {
            held = null;
            return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            held = ex;
            return null;
        }
    }
}
