using System.Text.Json;

namespace Docent.Evaluation;

/// <summary>
/// A team's own golden set: JSON lines <c>{"question": "...", "expect": ["phrase", ...], "unanswerable": false}</c>
/// (optional "id"), asked against an existing data folder. Immutable after loading.
/// </summary>
public sealed class GoldenSet
{
    private GoldenSet(IReadOnlyList<GoldenQuestion> questions) => Questions = questions;

    /// <summary>Every question, in file order.</summary>
    public IReadOnlyList<GoldenQuestion> Questions { get; }

    /// <summary>Loads <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming the file, the line and what is wrong.</summary>
    public static GoldenSet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Golden set not found: '{path}'.", path);
        }

        var questions = new List<GoldenQuestion>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string Where() => $"'{path}' line {lineNumber}";
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line);
                root = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{Where()} is not JSON: {ex.Message}", ex);
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("question", out var q) || q.ValueKind != JsonValueKind.String || q.GetString()!.Trim().Length == 0)
            {
                throw new InvalidDataException($"{Where()} has no \"question\" text (example: {{\"question\": \"How many days of leave?\", \"expect\": [\"25 days\"]}}).");
            }

            var unanswerable = root.TryGetProperty("unanswerable", out var u) && u.ValueKind == JsonValueKind.True;
            var expect = new List<string>();
            if (root.TryGetProperty("expect", out var e))
            {
                if (e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String))
                {
                    throw new InvalidDataException($"{Where()}: \"expect\" must be a list of phrases, e.g. [\"25 days\"].");
                }

                expect.AddRange(e.EnumerateArray().Select(p => p.GetString()!).Where(p => p.Trim().Length > 0));
            }

            if (!unanswerable && expect.Count == 0)
            {
                throw new InvalidDataException($"{Where()} expects no phrase; give \"expect\": [\"phrase\", ...] or mark it \"unanswerable\": true.");
            }

            var id = root.TryGetProperty("id", out var i) && i.ValueKind is JsonValueKind.String or JsonValueKind.Number ? i.ToString() : $"line {lineNumber}";
            questions.Add(new GoldenQuestion(id, q.GetString()!.Trim(), expect, unanswerable));
        }

        if (questions.Count == 0)
        {
            throw new InvalidDataException($"'{path}' holds no questions.");
        }

        return new GoldenSet(questions);
    }
}
