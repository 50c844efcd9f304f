using System.Globalization;
using System.Text;
using Docent.Tests.TestSupport;

namespace Docent.Cluster.Tests;

/// <summary>
/// The corpus the cluster tests share: the sample handbook's files and generated Markdown documents (headed sections of
/// sentences drawn from the handbook's own vocabulary, Zipf-distributed, so terms have every document frequency), with
/// queries over the same words. Fixed seed.
/// </summary>
internal sealed class ClusterCorpus
{
    private ClusterCorpus(string folder, IReadOnlyList<string> files, IReadOnlyList<string> queries)
    {
        Folder = folder;
        Files = files;
        Queries = queries;
    }

    /// <summary>Where the files are.</summary>
    public string Folder { get; }

    /// <summary>Every file's full path.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The handbook's demo questions and generated keyword queries.</summary>
    public IReadOnlyList<string> Queries { get; }

    public static ClusterCorpus Write(string folder, int generated, int seed)
    {
        var handbook = Path.Combine(RepositoryPaths.Samples, "handbook");
        var files = new List<string>();
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(handbook))
        {
            var copy = Path.Combine(folder, Path.GetFileName(file));
            File.Copy(file, copy);
            files.Add(copy);
        }

        var vocabulary = Directory.GetFiles(handbook, "*.md").Concat(Directory.GetFiles(handbook, "*.txt"))
            .SelectMany(f => File.ReadAllText(f).Split([' ', '\n', '\r', '\t', '.', ',', ':', ';', '(', ')', '#', '*', '"', '-', '?', '!', '/'], StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.ToLowerInvariant())
            .Where(w => w.Length >= 3 && w.All(char.IsLetter))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var random = new Random(seed);
        string Word() => vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 2.5))];
        string Words(int min, int max) => string.Join(' ', Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Word()));

        for (int d = 0; d < generated; d++)
        {
            var text = new StringBuilder();
            text.Append("# ").AppendLine(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Words(2, 5))).AppendLine();
            for (int section = random.Next(1, 4); section > 0; section--)
            {
                text.Append("## ").AppendLine(Words(1, 4)).AppendLine();
                for (int sentence = random.Next(2, 9); sentence > 0; sentence--)
                {
                    string words = Words(6, 16);
                    text.Append(char.ToUpperInvariant(words[0])).Append(words, 1, words.Length - 1).Append(". ");
                }

                text.AppendLine().AppendLine();
            }

            var path = Path.Combine(folder, $"doc-{d:D4}.md");
            File.WriteAllText(path, text.ToString());
            files.Add(path);
        }

        var queries = File.ReadAllLines(Path.Combine(RepositoryPaths.Samples, "demo-questions.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Concat(Enumerable.Range(0, 40).Select(_ => Words(1, 4)))
            .ToArray();
        return new ClusterCorpus(folder, files, queries);
    }

    /// <summary>The files as documents for a shard: full path as source, shown as `docent ingest` shows them ("corpus/leave-policy.docx").</summary>
    public IReadOnlyList<ShardDocument> Documents() => Files.Select(Document).ToArray();

    /// <summary>One file as a document for a shard.</summary>
    public ShardDocument Document(string file) =>
        new(file, Path.GetFileName(Folder) + "/" + Path.GetFileName(file), File.ReadAllBytes(file));
}
