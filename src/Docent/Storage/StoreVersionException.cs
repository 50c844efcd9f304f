namespace Docent.Storage;

/// <summary>Thrown when a data folder was written by a newer Docent whose schema this build cannot read.</summary>
public sealed class StoreVersionException : Exception
{
    /// <summary>Creates the exception for the database at <paramref name="path"/>.</summary>
    public StoreVersionException(string path, int foundVersion, int supportedVersion)
        : base($"The data folder store '{path}' has schema version {foundVersion}, written by a newer Docent; " +
               $"this build reads versions up to {supportedVersion}. Upgrade docent, or point --data at another folder.")
    {
        FoundVersion = foundVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>The version found in the store.</summary>
    public int FoundVersion { get; }

    /// <summary>The newest version this build reads.</summary>
    public int SupportedVersion { get; }
}
