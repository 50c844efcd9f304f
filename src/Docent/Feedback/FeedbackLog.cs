using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Docent.Diagnostics;

namespace Docent.Feedback;

/// <summary>
/// Readers' thumbs up and down, kept as JSON lines in <c>feedback.jsonl</c> of a data folder (beside its database, so it goes
/// where the collection goes), and turned into a golden set that <c>docent eval qa --golden</c> reads: an answer readers
/// approved becomes the expected answer of its question, an approved refusal an unanswerable question. Appends within a
/// process are serialised per file; each record is one write of one line. Static; thread-safe.
/// </summary>
public static partial class FeedbackLog
{
    /// <summary>The file's name in the data folder.</summary>
    public const string FileName = "feedback.jsonl";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The feedback file of the data folder <paramref name="dataDirectory"/>.</summary>
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>Appends <paramref name="record"/> to the data folder's feedback file and counts it (docent.feedback, tag rating = up | down).</summary>
    public static async Task AppendAsync(string dataDirectory, FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(record);
        var path = Path.GetFullPath(PathIn(dataDirectory));
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n");
        var gate = Gates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            // Not cancellable once started: a line cut short would also spoil the next one appended after it.
            await stream.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }

        DocentTelemetry.Feedback.Add(1, new KeyValuePair<string, object?>("rating", record.Up ? "up" : "down"));
    }

    /// <summary>Every record of the data folder's feedback file, oldest first (none when there is no file; a torn or unreadable line is skipped).</summary>
    public static IReadOnlyList<FeedbackRecord> Read(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return [];
        }

        var records = new List<FeedbackRecord>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<FeedbackRecord>(line, Json) is { Question.Length: > 0 } record)
                {
                    records.Add(record);
                }
            }
            catch (JsonException)
            {
                // A line cut short by a crash mid-write: the rest of the file is still good.
            }
        }

        return records;
    }

    /// <summary>
    /// The golden-set lines (<c>{"id", "question", "expect"}</c> or <c>{"id", "question", "unanswerable": true}</c>) of the
    /// approved answers in <paramref name="records"/>: for each question the latest verdict counts, thumbs-down questions are
    /// left out (they say what is wrong, not what is right), and an approved answer's citation markers ([1]) are removed.
    /// </summary>
    public static IReadOnlyList<string> ToGoldenLines(IEnumerable<FeedbackRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var latest = new Dictionary<string, FeedbackRecord>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var record in records)
        {
            var key = record.Question.Trim();
            if (!latest.ContainsKey(key))
            {
                order.Add(key);
            }

            latest[key] = record;
        }

        var lines = new List<string>();
        foreach (var key in order)
        {
            var record = latest[key];
            if (!record.Up)
            {
                continue;
            }

            var id = $"feedback {lines.Count + 1}";
            var expected = Markers().Replace(record.Answer, "").Trim();
            lines.Add(record.Found && expected.Length > 0
                ? JsonSerializer.Serialize(new GoldenLine(id, key, [expected], null), Json)
                : JsonSerializer.Serialize(new GoldenLine(id, key, null, true), Json));
        }

        return lines;
    }

    [GeneratedRegex(@"\s*\[\d+\]")]
    private static partial Regex Markers();

    /// <summary>One line of a golden set as <see cref="Evaluation.GoldenSet"/> reads it.</summary>
    private sealed record GoldenLine(string Id, string Question, IReadOnlyList<string>? Expect, bool? Unanswerable);
}
