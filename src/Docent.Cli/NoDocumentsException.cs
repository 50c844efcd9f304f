namespace Docent.Cli;

/// <summary>
/// Thrown when a command that reads documents (ask, search, chat) finds a data folder with none in it;
/// <see cref="CommandRunner"/> reports it as it reports a missing folder. Immutable.
/// </summary>
internal sealed class NoDocumentsException : Exception
{
    public NoDocumentsException(string dataDirectory)
        : base(CommandRunner.NoDocumentsMessage(dataDirectory))
    {
        DataDirectory = dataDirectory;
    }

    /// <summary>The data folder as the user named it.</summary>
    public string DataDirectory { get; }
}
