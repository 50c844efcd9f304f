using System.Text.RegularExpressions;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Models.Onnx;
using Docent.Retrieval;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Answering;

/// <summary>
/// The whole slice on the bundled handbook: ingest samples/handbook, then ask every question of
/// samples/QUESTIONS.md; the answer must quote the expected phrase and cite the file that holds it. Run as the default
/// install runs (hybrid retrieval and sentence similarity with the built-in MiniLM) and with words alone
/// (<c>--no-embeddings</c>, or the engine without the ONNX runtime).
/// </summary>
public sealed partial class SampleHandbookAnswerTests : IDisposable
{
    private static readonly OnnxModelProvider Models = new();
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private Task<DataFolder> OpenAsync(bool withModel) =>
        DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path }, withModel ? new ModelServices { LocalModels = Models } : null);

    [Fact]
    public async Task The_default_install_answers_every_sample_question_from_the_right_sentence_and_file()
    {
        var misses = await AskEverySampleQuestionAsync(await OpenAsync(withModel: true));

        // Retrieval now bridges "bike" → "bicycle" (the passage ranks first), but the sentence choice still prefers the
        // fire-alarm sentence that shares "leave", and its low confidence refuses it. Any other miss fails.
        Assert.True(misses.Count <= 1, string.Join("\n", misses));
        Assert.All(misses, miss => Assert.StartsWith("Where can I leave my bike", miss));
    }

    [Fact]
    public async Task With_words_alone_every_sample_question_but_two_known_misses_is_answered()
    {
        var misses = await AskEverySampleQuestionAsync(await OpenAsync(withModel: false));

        // Question 10 says "bike" where the handbook says "bicycle", a vocabulary gap that keyword retrieval cannot
        // bridge. The food-allowance answer is right but its words-only confidence (0.14) is under the words-only
        // threshold chosen on SQuAD 2.0 and ClapNQ (0.24; no words-only threshold keeps it and beats the old refusal
        // rate there — docs/benchmarks.md). Any other miss fails.
        Assert.True(misses.Count <= 2, string.Join("\n", misses));
        Assert.All(misses, miss => Assert.True(
            miss.StartsWith("Where can I leave my bike", StringComparison.Ordinal) || miss.StartsWith("How much can I spend on food", StringComparison.Ordinal), miss));
    }

    private static async Task<List<string>> AskEverySampleQuestionAsync(DataFolder folder)
    {
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

        return misses;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_question_the_handbook_does_not_cover_is_not_answered(bool withModel)
    {
        var folder = await OpenAsync(withModel);
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
