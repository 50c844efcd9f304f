namespace Docent.Storage;

/// <summary>Thrown when another writer (a `docent ingest`, or a server upload) holds a data folder's write lock longer than a writer waits.</summary>
public sealed class DataFolderBusyException : IOException
{
    /// <summary>Creates the exception for <paramref name="dataDirectory"/> after waiting <paramref name="waited"/>.</summary>
    public DataFolderBusyException(string dataDirectory, TimeSpan waited, Exception? inner = null)
        : base(waited > TimeSpan.Zero
                ? $"Another docent process is writing to the data folder '{dataDirectory}' (waited {waited.TotalSeconds:0} s). Wait for it to finish and try again."
                : $"Another docent process is writing to the data folder '{dataDirectory}'. Wait for it to finish and try again.", inner)
    {
        DataDirectory = dataDirectory;
    }

    /// <summary>The data folder whose lock is held.</summary>
    public string DataDirectory { get; }
}
