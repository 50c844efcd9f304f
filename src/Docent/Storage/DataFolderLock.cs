namespace Docent.Storage;

/// <summary>
/// An exclusive, process-wide lock on a data folder for writers (ingest, remove), held through an OS file
/// lock that the OS releases if the process dies. Readers never take it. Dispose to release.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    /// <summary>File name of the lock inside the data folder.</summary>
    public const string LockFileName = "write.lock";

    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, or throws <see cref="IOException"/> naming the folder when another process holds it.</summary>
    public static DataFolderLock Acquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, LockFileName);
        try
        {
            return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new IOException($"Another docent process is writing to the data folder '{dataDirectory}'. Wait for it to finish and try again.", ex);
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _stream.Dispose();
}
