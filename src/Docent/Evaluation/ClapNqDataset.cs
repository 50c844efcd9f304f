using System.Text.Json;

namespace Docent.Evaluation;

/// <summary>
/// ClapNQ annotated data (Rosenthal et al. 2024, KILT-ELI5 JSON lines): each question with one Wikipedia passage and
/// the passage sentences that answer it; unanswerable questions have an empty answer. The distinct passages are the
/// corpus. Immutable after loading.
/// </summary>
public sealed class ClapNqDataset
{
    private ClapNqDataset(IReadOnlyList<(string Title, string Text)> passages, IReadOnlyList<ClapNqQuestion> questions)
    {
        Passages = passages;
        Questions = questions;
    }

    /// <summary>The distinct passages (title, text), in first-seen order.</summary>
    public IReadOnlyList<(string Title, string Text)> Passages { get; }

    /// <summary>Every question, in file order (files in ordinal name order).</summary>
    public IReadOnlyList<ClapNqQuestion> Questions { get; }

    /// <summary>
    /// Loads a ClapNQ <c>.jsonl</c> file, or every <c>.jsonl</c> file under a folder (e.g. the repository's
    /// <c>annotated_data/dev</c>); throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/>
    /// naming the file and line that is wrong.
    /// </summary>
    public static ClapNqDataset Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        IReadOnlyList<string> files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : throw new FileNotFoundException($"ClapNQ data not found: '{path}' is neither a .jsonl file nor a folder.", path);
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"No ClapNQ .jsonl files under '{path}' (expected e.g. annotated_data/dev/clapnq_dev_answerable.jsonl).", path);
        }

        var passages = new List<(string Title, string Text)>();
        var passageIndex = new Dictionary<(string, string), int>();
        var questions = new List<ClapNqQuestion>();
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    using var document = JsonDocument.Parse(line);
                    var root = document.RootElement;
                    var passage = root.GetProperty("passages")[0];
                    var key = (passage.GetProperty("title").GetString() ?? "", passage.GetProperty("text").GetString() ?? "");
                    if (!passageIndex.TryGetValue(key, out var index))
                    {
                        index = passages.Count;
                        passageIndex[key] = index;
                        passages.Add(key);
                    }

                    var gold = new List<string>();
                    var answers = new List<string>();
                    if (root.TryGetProperty("output", out var outputs))
                    {
                        foreach (var output in outputs.EnumerateArray())
                        {
                            if (output.TryGetProperty("answer", out var answer) && answer.GetString() is { } text && text.Trim().Length > 0)
                            {
                                answers.Add(text);
                            }

                            if (output.TryGetProperty("selected_sentences", out var selected))
                            {
                                gold.AddRange(selected.EnumerateArray().Select(s => s.GetString() ?? "").Where(s => s.Trim().Length > 0));
                            }
                        }
                    }

                    var unanswerable = answers.Count == 0 && gold.Count == 0;
                    var golds = (gold.Count > 0 ? gold : answers).Distinct(StringComparer.Ordinal).ToList();
                    questions.Add(new ClapNqQuestion(root.GetProperty("id").ToString(), root.GetProperty("input").GetString() ?? "", index, golds, unanswerable));
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
                {
                    throw new InvalidDataException($"'{file}' line {lineNumber} is not a ClapNQ question (needs id, input, passages[0].title/text, output[].selected_sentences): {ex.Message}", ex);
                }
            }
        }

        return new ClapNqDataset(passages, questions);
    }
}
