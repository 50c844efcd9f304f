using Docent.Hosting;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Safety;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Safety;

/// <summary>
/// safety.quarantineFlagged: with it on, each planted memo is stored and listed as quarantined with the reason, and no
/// search or question ever returns one of its passages, while the handbook still answers; with it off nothing changes; and
/// flipping it takes effect on the next ingest of the same, unchanged files.
/// </summary>
public sealed class QuarantineTests
{
    private static async Task<DataFolder> OpenAsync(string data, bool quarantine)
    {
        var options = new DocentOptions { DataDirectory = data };
        options.Settings.Safety.QuarantineFlagged = quarantine;
        return await DataFolder.OpenAsync(options);
    }

    /// <summary>The memos the detector flags (the zero-width one is neutralised by normalisation and is not).</summary>
    private static List<int> Flagged(List<(int Number, string Text)> planted) =>
        [.. planted.Where(p => InjectionDetector.Inspect(Docent.Documents.TextNormalizer.Normalize(p.Text)).Flagged).Select(p => p.Number)];

    [Fact]
    public async Task WithQuarantineOn_FlaggedMemosAreListedButNeverRetrieved_AndTheHandbookStillAnswers()
    {
        using var dir = new TempDirectory();
        var (docs, planted) = PlantedMemos.Write(dir);
        var flagged = Flagged(planted);
        Assert.True(flagged.Count >= 29, $"{flagged.Count} memos flagged");
        var folder = await OpenAsync(Path.Combine(dir.Path, "data"), quarantine: true);

        var report = await folder.CreateIngestionPipeline().IngestAsync([docs], new IngestOptions());

        Assert.Empty(report.Failed);
        var documents = (await folder.Documents.ListDocumentsAsync()).ToDictionary(d => d.ShownSource);
        var byPath = report.Results.Where(r => r.DocumentId is not null).ToDictionary(r => r.DocumentId!);
        foreach (var number in flagged)
        {
            var memo = documents[PlantedMemos.Source(number)];
            Assert.True(Quarantine.IsQuarantined(memo), $"memo {number}: {string.Join(" | ", memo.Warnings)}");
            Assert.Equal(0, memo.ChunkCount);
            Assert.StartsWith("quarantined: none of its passages is searchable, because 1 passage may be a prompt injection", memo.Warnings[0], StringComparison.Ordinal);
            Assert.Contains(memo.Warnings, w => w.StartsWith("passage 1 may be a prompt injection (score ", StringComparison.Ordinal));
            Assert.DoesNotContain(memo.Warnings, w => w.StartsWith("no text found", StringComparison.Ordinal));
            Assert.Empty(await folder.Store.GetDocumentChunksAsync(memo.Id));
            var result = byPath[memo.Id];
            Assert.Equal(IngestStatus.Added, result.Status);
            Assert.Equal(0, result.Chunks);
            Assert.Equal(memo.Warnings[0], result.Warnings![0]);
        }

        var quarantined = flagged.Select(n => documents[PlantedMemos.Source(n)].Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(documents.Values.Where(d => !quarantined.Contains(d.Id)), d => Assert.False(Quarantine.IsQuarantined(d), d.ShownSource));

        var retriever = folder.CreateRetriever(RetrievalMode.Lexical);
        var pipeline = folder.CreateAskPipeline();
        foreach (var (number, text) in planted)
        {
            // Its own words and the planted text itself: neither finds a passage of a quarantined memo.
            foreach (var query in new[] { $"locker code storeroom {number}", text })
            {
                var hits = await retriever.RetrieveAsync(query, new RetrievalOptions { Top = 50 });
                Assert.DoesNotContain(hits, h => quarantined.Contains(h.Chunk.DocumentId));
            }

            var answer = (await pipeline.AskAsync($"What is the locker code for storeroom {number}?")).Answer;
            Assert.DoesNotContain(answer.Citations, c => quarantined.Contains(c.DocumentId));
            Assert.DoesNotContain(answer.ClosestPassages, p => quarantined.Contains(p.Chunk.DocumentId));
            if (flagged.Contains(number))
            {
                Assert.DoesNotContain($"{4000 + number}", answer.Text, StringComparison.Ordinal);
            }
        }

        var handbook = await pipeline.AskAsync("How many days of annual leave do full-time employees receive?");
        Assert.True(handbook.Answer.Found);
        Assert.Empty(handbook.Answer.Warnings);
    }

    [Fact]
    public async Task WithQuarantineOff_NothingChanges_AndFlippingItAppliesOnTheNextIngest()
    {
        using var dir = new TempDirectory();
        var (docs, planted) = PlantedMemos.Write(dir);
        var flagged = Flagged(planted);
        var data = Path.Combine(dir.Path, "data");
        var memo = PlantedMemos.Source(flagged[0]);

        var off = await OpenAsync(data, quarantine: false);
        await off.CreateIngestionPipeline().IngestAsync([docs], new IngestOptions());
        var documents = await off.Documents.ListDocumentsAsync();
        Assert.DoesNotContain(documents, Quarantine.IsQuarantined);
        Assert.All(documents, d => Assert.True(d.ChunkCount > 0, d.ShownSource));
        var again = await off.CreateIngestionPipeline().IngestAsync([docs], new IngestOptions());
        Assert.Equal(documents.Count, again.Unchanged);

        // The same unchanged files under the quarantine: only the flagged memos are stored again, now quarantined.
        var on = await OpenAsync(data, quarantine: true);
        var quarantined = await on.CreateIngestionPipeline().IngestAsync([docs], new IngestOptions());
        Assert.Equal(flagged.Count, quarantined.Updated);
        Assert.Equal(documents.Count - flagged.Count, quarantined.Unchanged);
        Assert.True(Quarantine.IsQuarantined((await on.Documents.ListDocumentsAsync()).Single(d => d.ShownSource == memo)));
        Assert.DoesNotContain(await on.CreateRetriever(RetrievalMode.Lexical).RetrieveAsync($"locker code storeroom {flagged[0]}", new RetrievalOptions { Top = 50 }),
            h => h.Document.ShownSource == memo);
        Assert.Equal(documents.Count, (await on.CreateIngestionPipeline().IngestAsync([docs], new IngestOptions())).Unchanged);

        // And back: lifted, the memos are searchable again.
        var lifted = await (await OpenAsync(data, quarantine: false)).CreateIngestionPipeline().IngestAsync([docs], new IngestOptions());
        Assert.Equal(flagged.Count, lifted.Updated);
        var reopened = await OpenAsync(data, quarantine: false);
        Assert.Contains(await reopened.CreateRetriever(RetrievalMode.Lexical).RetrieveAsync($"locker code storeroom {flagged[0]}", new RetrievalOptions { Top = 50 }),
            h => h.Document.ShownSource == memo);
    }

    [Fact]
    public void The_setting_is_read_from_settings_json_and_the_environment()
    {
        using var dir = new TempDirectory();
        Assert.False(DocentSettingsLoader.Load(dir.Path, environment: new Dictionary<string, string>(), userSecretsPath: Path.Combine(dir.Path, "none.json")).Settings.Safety.QuarantineFlagged);

        dir.Write("settings.json", "{\"safety\": {\"quarantineFlagged\": true}}");
        Assert.True(DocentSettingsLoader.Load(dir.Path, environment: new Dictionary<string, string>(), userSecretsPath: Path.Combine(dir.Path, "none.json")).Settings.Safety.QuarantineFlagged);

        var environment = new Dictionary<string, string> { ["DOCENT_SAFETY__QUARANTINEFLAGGED"] = "false" };
        Assert.False(DocentSettingsLoader.Load(dir.Path, environment: environment, userSecretsPath: Path.Combine(dir.Path, "none.json")).Settings.Safety.QuarantineFlagged);

        var wrong = new Dictionary<string, string> { ["DOCENT_SAFETY__QUARANTINEFLAGGED"] = "sometimes" };
        var error = Assert.Throws<ArgumentException>(() => DocentSettingsLoader.Load(dir.Path, environment: wrong, userSecretsPath: Path.Combine(dir.Path, "none.json")));
        Assert.Contains("safety.quarantineFlagged", error.Message, StringComparison.Ordinal);
    }
}
