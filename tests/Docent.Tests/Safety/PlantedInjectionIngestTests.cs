using Docent.Documents;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Safety;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Safety;

/// <summary>
/// The thirty planted injections, each in a memo mixed into the sample handbook: every memo is flagged at ingest with
/// the passage and the reason, and no extractive answer quotes one without a visible caution; handbook answers carry none.
/// </summary>
public sealed class PlantedInjectionIngestTests
{
    [Fact]
    public async Task EveryPlantedMemoIsFlaggedAtIngestAndNeverQuotedWithoutACaution()
    {
        using var dir = new TempDirectory();
        var (docs, planted) = PlantedMemos.Write(dir);

        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(dir.Path, "data") });
        var report = await folder.CreateIngestionPipeline().IngestAsync([docs], new IngestOptions());
        Assert.Empty(report.Failed);

        var documents = (await folder.Documents.ListDocumentsAsync()).ToDictionary(d => d.ShownSource);
        var neutralised = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (number, text) in planted)
        {
            var memo = documents[PlantedMemos.Source(number)];
            if (!InjectionDetector.Inspect(TextNormalizer.Normalize(text)).Flagged)
            {
                // Zero-width spaces are dropped by every reader's normalisation: what is stored (and could reach a model) is
                // the plain visible words, which no longer hide anything and say nothing to a model.
                Assert.NotEqual(text, TextNormalizer.Normalize(text));
                var chunks = await folder.Store.GetDocumentChunksAsync(memo.Id);
                Assert.DoesNotContain(chunks, c => c.Chunk.Text.Contains('\u200B', StringComparison.Ordinal));
                neutralised.Add(memo.ShownSource);
                continue;
            }

            Assert.True(memo.Warnings.Any(w => w.StartsWith("passage 1 may be a prompt injection (score ", StringComparison.Ordinal)),
                $"memo {number} ({planted[number - 1].Text}) has warnings: {string.Join(" | ", memo.Warnings)}");
        }

        Assert.All(documents.Values.Where(d => !d.ShownSource.Contains("/memos/", StringComparison.Ordinal)),
            d => Assert.DoesNotContain(d.Warnings, w => w.Contains("prompt injection", StringComparison.Ordinal)));

        var pipeline = folder.CreateAskPipeline();
        var cautioned = 0;
        foreach (var (number, _) in planted)
        {
            var result = await pipeline.AskAsync($"What is the locker code for storeroom {number}?");
            if (result.Answer.Citations.Any(c => c.ShownSource!.Contains("/memos/", StringComparison.Ordinal) && !neutralised.Contains(c.ShownSource)))
            {
                Assert.NotEmpty(result.Answer.Warnings);
                Assert.StartsWith("Caution: source [", result.Answer.Text, StringComparison.Ordinal);
                cautioned++;
            }
        }

        Assert.True(cautioned >= 25, $"{cautioned} of 30 locker answers quoted a planted memo with a caution");
        Assert.True(neutralised.Count <= 1, $"only the zero-width memo is neutralised rather than flagged: {string.Join(", ", neutralised)}");
        var handbook = await pipeline.AskAsync("How many days of annual leave do full-time employees receive?");
        Assert.True(handbook.Answer.Found);
        Assert.Empty(handbook.Answer.Warnings);
    }
}
