using System.Globalization;
using System.Text.Json;

namespace Docent.Evaluation;

/// <summary>
/// A retrieval benchmark in BEIR layout: <c>corpus.jsonl</c> ({_id, title, text}), <c>queries.jsonl</c>
/// ({_id, text}) and <c>qrels/&lt;split&gt;.tsv</c> (query-id, corpus-id, score; a header line; graded
/// scores allowed). Only judged queries are kept. Immutable after loading.
/// </summary>
public sealed class BeirDataset
{
    private BeirDataset(string name, string directory, string split, IReadOnlyDictionary<string, string> queries,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> qrels)
    {
        Name = name;
        Directory = directory;
        Split = split;
        Queries = queries;
        Qrels = qrels;
    }

    /// <summary>The dataset's name: its folder, or the parent's when the folder is called "beir".</summary>
    public string Name { get; }

    /// <summary>The dataset folder.</summary>
    public string Directory { get; }

    /// <summary>The qrels split loaded.</summary>
    public string Split { get; }

    /// <summary>Judged queries: id → text.</summary>
    public IReadOnlyDictionary<string, string> Queries { get; }

    /// <summary>Judgements: query id → (document id → grade).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels { get; }

    /// <summary>Loads the queries and qrels of <paramref name="split"/>; throws <see cref="InvalidDataException"/> naming the file on bad input.</summary>
    public static BeirDataset Load(string directory, string split = "test")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(split);
        var full = new DirectoryInfo(Path.GetFullPath(directory));
        var corpus = Path.Combine(full.FullName, "corpus.jsonl");
        var queriesFile = Path.Combine(full.FullName, "queries.jsonl");
        var qrelsFile = Path.Combine(full.FullName, "qrels", split + ".tsv");
        foreach (var file in new[] { corpus, queriesFile, qrelsFile })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"Not a BEIR dataset folder: '{file}' is missing.", file);
            }
        }

        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(qrelsFile))
        {
            lineNumber++;
            var parts = line.Split('\t');
            if (parts.Length < 3 || !int.TryParse(parts[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var grade))
            {
                if (lineNumber == 1 || line.Trim().Length == 0)
                {
                    continue; // the header, or a blank line
                }

                throw new InvalidDataException($"{qrelsFile}:{lineNumber}: expected 'query-id<TAB>corpus-id<TAB>score'.");
            }

            if (!qrels.TryGetValue(parts[0], out var judged))
            {
                qrels[parts[0]] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            judged[parts[^2]] = grade;
        }

        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, text, _) in ReadJsonLines(queriesFile, withTitle: false))
        {
            if (qrels.ContainsKey(id))
            {
                queries[id] = text;
            }
        }

        var missing = qrels.Keys.FirstOrDefault(q => !queries.ContainsKey(q));
        if (missing is not null)
        {
            throw new InvalidDataException($"{qrelsFile}: query '{missing}' is judged but not in queries.jsonl.");
        }

        var name = full.Name == "beir" && full.Parent is not null ? full.Parent.Name : full.Name;
        return new BeirDataset(name, full.FullName, split, queries,
            qrels.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal));
    }

    /// <summary>Streams the corpus: (id, text, title).</summary>
    public IEnumerable<(string Id, string Text, string Title)> ReadCorpus() =>
        ReadJsonLines(Path.Combine(Directory, "corpus.jsonl"), withTitle: true);

    private static IEnumerable<(string Id, string Text, string Title)> ReadJsonLines(string file, bool withTitle)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            string id, text, title = "";
            try
            {
                using var entry = JsonDocument.Parse(line);
                var root = entry.RootElement;
                id = root.GetProperty("_id").ToString();
                text = root.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
                if (withTitle && root.TryGetProperty("title", out var ti))
                {
                    title = ti.GetString() ?? "";
                }
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{file}:{lineNumber}: not a JSON object with \"_id\" and \"text\" ({ex.Message}).", ex);
            }

            yield return (id, text, title);
        }
    }
}
