using System.Text.Json;

namespace Docent.Evaluation;

/// <summary>
/// A SQuAD v1.1 or v2.0 file: its paragraphs (the corpus) and questions with gold answers and their paragraph;
/// v2.0 questions marked <c>is_impossible</c> are unanswerable (no gold answers). Immutable after loading.
/// </summary>
public sealed class SquadDataset
{
    private SquadDataset(IReadOnlyList<SquadParagraph> paragraphs, IReadOnlyList<SquadQuestion> questions)
    {
        Paragraphs = paragraphs;
        Questions = questions;
    }

    /// <summary>Every paragraph, in file order.</summary>
    public IReadOnlyList<SquadParagraph> Paragraphs { get; }

    /// <summary>Every question, in file order.</summary>
    public IReadOnlyList<SquadQuestion> Questions { get; }

    /// <summary>Whether some question is unanswerable (a SQuAD 2.0 file).</summary>
    public bool HasUnanswerable => Questions.Any(q => q.Unanswerable);

    /// <summary>Loads <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the file when it is not SQuAD v1.1 or v2.0 JSON.</summary>
    public static SquadDataset Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"SQuAD file not found: '{path}'.", path);
        }

        var paragraphs = new List<SquadParagraph>();
        var questions = new List<SquadQuestion>();
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            foreach (var article in document.RootElement.GetProperty("data").EnumerateArray())
            {
                var title = (article.GetProperty("title").GetString() ?? "").Replace('_', ' ');
                foreach (var paragraph in article.GetProperty("paragraphs").EnumerateArray())
                {
                    var index = paragraphs.Count;
                    paragraphs.Add(new SquadParagraph(index, title, paragraph.GetProperty("context").GetString() ?? ""));
                    foreach (var qa in paragraph.GetProperty("qas").EnumerateArray())
                    {
                        var impossible = qa.TryGetProperty("is_impossible", out var flag) && flag.ValueKind == JsonValueKind.True;
                        var answers = impossible
                            ? []
                            : qa.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("text").GetString() ?? "").ToList();
                        questions.Add(new SquadQuestion(qa.GetProperty("id").GetString() ?? "", qa.GetProperty("question").GetString() ?? "", answers, index, impossible));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"'{path}' is not a SQuAD v1.1 or v2.0 file: {ex.Message}", ex);
        }

        return new SquadDataset(paragraphs, questions);
    }
}

/// <summary>One SQuAD paragraph: its index in the file, article title and text. Immutable.</summary>
public sealed record SquadParagraph(int Index, string Title, string Context);

/// <summary>One SQuAD question with its gold answers and the index of its paragraph (the one that answers it, or for an unanswerable question the one it was written against). Immutable.</summary>
public sealed record SquadQuestion(string Id, string Question, IReadOnlyList<string> Answers, int ParagraphIndex, bool Unanswerable = false);
