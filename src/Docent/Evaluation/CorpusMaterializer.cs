using System.Globalization;
using System.Text;
using Docent.Hosting;
using Docent.Ingestion;

namespace Docent.Evaluation;

/// <summary>
/// Writes benchmark corpus entries as Markdown files (<c># title</c>, then the text) so they go through the
/// same ingest path as users' documents, and maps file names back to entry ids. Not thread-safe.
/// </summary>
internal sealed class CorpusMaterializer
{
    private readonly string _directory;
    private readonly List<string> _ids = [];

    public CorpusMaterializer(string directory)
    {
        _directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    /// <summary>The folder the files are written to.</summary>
    public string Directory => _directory;

    /// <summary>Writes one entry unless an identical file is already there (so a reused data folder re-ingests nothing).</summary>
    public void Write(string id, string title, string text)
    {
        var path = Path.Combine(_directory, FileName(_ids.Count));
        _ids.Add(id);
        var content = new StringBuilder();
        if (title.Trim().Length > 0)
        {
            content.Append("# ").Append(title.ReplaceLineEndings(" ").Trim()).Append("\n\n");
        }

        content.Append(text.Trim()).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(content.ToString());
        if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            File.WriteAllBytes(path, bytes);
        }
    }

    /// <summary>Deletes files left from an earlier, larger corpus in the same folder, so they are pruned from the store.</summary>
    private void RemoveStale()
    {
        var current = new HashSet<string>(Enumerable.Range(0, _ids.Count).Select(FileName), StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(_directory))
        {
            if (!current.Contains(Path.GetFileName(file)))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// Drops stale files, then ingests the folder into <paramref name="folder"/> with its chunking options,
    /// pruning entries no longer present; throws <see cref="InvalidDataException"/> naming the first failure.
    /// </summary>
    public async Task IngestAsync(DataFolder folder, CancellationToken cancellationToken)
    {
        RemoveStale();
        var options = new IngestOptions { Prune = true };
        var report = await folder.CreateIngestionPipeline().IngestAsync([_directory], options, null, cancellationToken).ConfigureAwait(false);
        if (report.Failed.Count > 0)
        {
            throw new InvalidDataException($"{report.Failed.Count} corpus entries could not be ingested; first: {report.Failed[0].Path}: {report.Failed[0].Error}");
        }
    }

    /// <summary>The entry id of a document ingested from <paramref name="source"/>, or null.</summary>
    public string? IdOf(string source)
    {
        var name = Path.GetFileNameWithoutExtension(source);
        return name.Length > 1 && name[0] == 'e' && int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < _ids.Count
            ? _ids[n]
            : null;
    }

    private static string FileName(int n) => "e" + n.ToString("D7", CultureInfo.InvariantCulture) + ".md";
}
