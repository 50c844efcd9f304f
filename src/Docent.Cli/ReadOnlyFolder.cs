using Docent.Hosting;

namespace Docent.Cli;

/// <summary>
/// Opens a data folder for the commands that only read it (ask, search, chat, docs, stats): a missing folder is
/// reported, never created, so running in the wrong directory says so instead of leaving an empty <c>.docent</c>
/// behind. Static; thread-safe.
/// </summary>
internal static class ReadOnlyFolder
{
    /// <summary>
    /// Opens the existing folder <paramref name="options"/> names; throws <see cref="DataFolderNotFoundException"/> when there
    /// is none and, with <paramref name="requireDocuments"/>, <see cref="NoDocumentsException"/> when it holds no documents.
    /// </summary>
    public static async Task<DataFolder> OpenAsync(DocentOptions options, bool requireDocuments, CancellationToken cancellationToken)
    {
        options.CreateIfMissing = false;
        var folder = await DataFolder.OpenAsync(options, CliServices.Create(), cancellationToken);
        if (requireDocuments && (await folder.Documents.GetStatisticsAsync(cancellationToken)).Documents == 0)
        {
            throw new NoDocumentsException(options.DataDirectory);
        }

        return folder;
    }
}
