using System.Text.RegularExpressions;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Answering;

/// <summary>
/// The whole slice on the bundled handbook: ingest samples/handbook, then ask every question of
/// samples/QUESTIONS.md; the answer must quote the expected phrase and cite the file that holds it.
/// </summary>
public sealed partial class SampleHandbookAnswerTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Every_sample_question_is_answered_from_the_right_sentence_and_file()
    {
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path });
        var report = await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(RepositoryPaths.Samples, "handbook")], new IngestOptions());
        Assert.Empty(report.Failed);
        Assert.Equal(7, report.Added);

        var rows = QuestionRow().Matches(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Samples, "QUESTIONS.md")));
        Assert.Equal(10, rows.Count);
        var misses = new List<string>();
        foreach (Match row in rows)
        {
            var (question, phrase, file) = (row.Groups["question"].Value, row.Groups["phrase"].Value, row.Groups["file"].Value);
            var context = await folder.Retriever.RetrieveAsync(question, new RetrievalOptions { Top = 8 });
            var answer = await folder.Answerer.GenerateAsync(question, context);

            var citing = answer.Citations.FirstOrDefault(c => c.Quote.Contains(phrase, StringComparison.Ordinal));
            if (!answer.Found || !answer.Text.Contains(phrase, StringComparison.Ordinal) || citing is null || !citing.Source.EndsWith(file, StringComparison.Ordinal))
            {
                misses.Add($"{question} -> {answer.Text}");
                continue;
            }

            // The quote's span points at the sentence inside its chunk.
            Assert.Contains($"[{citing.Index}]", answer.Text);
            var chunkStart = context.Single(c => c.Chunk.Id == citing.ChunkId).Chunk.Span.Start;
            Assert.Equal(citing.Quote, citing.ChunkText.Substring((int)(citing.QuoteSpan.Start - chunkStart), citing.QuoteSpan.Length));
        }

        // One miss is allowed: question 10 says "bike" where the handbook says "bicycle", a vocabulary gap that
        // keyword retrieval cannot bridge (vector retrieval, a later stage, is meant to). Any other miss fails.
        Assert.True(misses.Count <= 1, string.Join("\n", misses));
        Assert.All(misses, miss => Assert.StartsWith("Where can I leave my bike", miss));
    }

    [Fact]
    public async Task A_question_the_handbook_does_not_cover_is_not_answered()
    {
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path });
        await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(RepositoryPaths.Samples, "handbook")], new IngestOptions());

        var question = "What is the dress code for the Mars office?";
        var answer = await folder.Answerer.GenerateAsync(question, await folder.Retriever.RetrieveAsync(question));

        Assert.False(answer.Found);
        Assert.Empty(answer.Citations);
        Assert.NotEmpty(answer.ClosestPassages);
    }

    [GeneratedRegex(@"^\| \d+ \| (?<question>[^|]+?) \| (?<phrase>[^|]+?) \| (?<file>[^|]+?) \|$", RegexOptions.Multiline)]
    private static partial Regex QuestionRow();
}
