using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Docent.Benchmarks.Embeddings;

/// <summary>
/// Measures an embedding model the way ingest and search use it: passages of about 256 WordPiece tokens (180 words of
/// real text) embedded in batches, then single short queries one at a time, warm. Stateless and thread-safe.
/// </summary>
public static class EmbeddingBenchmark
{
    /// <summary>Words per passage: about 256 WordPiece tokens of English prose.</summary>
    public const int WordsPerPassage = 180;

    /// <summary>Questions timed in turn for query latency.</summary>
    public static IReadOnlyList<string> Queries { get; } =
    [
        "How many days of annual leave can be carried over?",
        "What does vitamin D deficiency do to bone density?",
        "Which enzyme is inhibited by aspirin?",
        "How do I reset my password?",
        "Are sorting algorithms in Python stable?",
    ];

    /// <summary>
    /// Cuts the text of <paramref name="paths"/> (files or folders: .txt, .md, .html; BEIR corpus.jsonl: each line's
    /// "title" and "text") into <paramref name="count"/> passages of <see cref="WordsPerPassage"/> words, reusing the
    /// text from the start when there is too little.
    /// </summary>
    /// <exception cref="InvalidDataException">The inputs hold no words.</exception>
    public static IReadOnlyList<string> LoadPassages(IEnumerable<string> paths, int count)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var words = new List<string>();
        var needed = count * WordsPerPassage;
        foreach (var file in paths.SelectMany(Files))
        {
            if (words.Count >= needed)
            {
                break;
            }

            foreach (var line in File.ReadLines(file))
            {
                words.AddRange(file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? Words(JsonText(line)) : Words(line));
                if (words.Count >= needed)
                {
                    break;
                }
            }
        }

        if (words.Count == 0)
        {
            throw new InvalidDataException($"The benchmark corpus ({string.Join(", ", paths)}) holds no text to embed.");
        }

        return Enumerable.Range(0, count)
            .Select(p => string.Join(' ', Enumerable.Range(p * WordsPerPassage, WordsPerPassage).Select(i => words[i % words.Count])))
            .ToList();
    }

    /// <summary>Embeds <paramref name="passages"/> in batches of <paramref name="batchSize"/> (one batch first, untimed) and times <paramref name="queryRounds"/> single queries after five warm-ups.</summary>
    public static async Task<EmbeddingMeasurement> MeasureAsync(
        string model, IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<string> passages, int batchSize, int queryRounds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryRounds, 1);
        await generator.GenerateAsync(passages.Take(batchSize), cancellationToken: cancellationToken);
        long tokens = 0;
        var clock = Stopwatch.StartNew();
        foreach (var batch in passages.Chunk(batchSize))
        {
            var result = await generator.GenerateAsync(batch, cancellationToken: cancellationToken);
            tokens += result.Usage?.InputTokenCount ?? 0;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        for (var i = 0; i < 5; i++)
        {
            await generator.GenerateAsync([Queries[i % Queries.Count]], cancellationToken: cancellationToken);
        }

        var latencies = new double[queryRounds];
        for (var i = 0; i < queryRounds; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await generator.GenerateAsync([Queries[i % Queries.Count]], cancellationToken: cancellationToken);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(latencies);
        return new EmbeddingMeasurement(
            model, passages.Count / seconds, (double)tokens / passages.Count, Percentile(latencies, 0.50), Percentile(latencies, 0.95));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static IEnumerable<string> Files(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".txt" or ".md" or ".html" or ".jsonl")
                .Order(StringComparer.Ordinal)
            : File.Exists(path) ? [path] : throw new FileNotFoundException($"Benchmark corpus '{path}' does not exist.", path);

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string JsonText(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return "";
        }

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        string Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
        return $"{Field("title")} {Field("text")}";
    }
}
