namespace Docent.Hosting;

/// <summary>
/// Thrown by <see cref="DataFolder.OpenAsync"/> when <see cref="DocentOptions.CreateIfMissing"/> is off and the data
/// folder holds no store yet (nothing was ever ingested there), so a reader learns it has the wrong folder instead of
/// getting an empty one made for it. Immutable.
/// </summary>
public sealed class DataFolderNotFoundException : DirectoryNotFoundException
{
    /// <summary>Creates the exception for <paramref name="dataDirectory"/> as the caller named it.</summary>
    public DataFolderNotFoundException(string dataDirectory)
        : base($"There is no Docent data folder at {dataDirectory}: nothing has been ingested there.")
    {
        DataDirectory = dataDirectory;
    }

    /// <summary>The data folder as the caller named it.</summary>
    public string DataDirectory { get; }
}
