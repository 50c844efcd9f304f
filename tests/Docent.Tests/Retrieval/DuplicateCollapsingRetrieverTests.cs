using Docent.Hosting;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Tests.Models;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Retrieval;

public sealed class DuplicateCollapsingRetrieverTests
{
    private const string Manual =
        "To change the number of lines, give tail the -n option with a count. The default is ten lines from the end of each file.";

    [Fact]
    public async Task A_passage_found_in_two_files_is_kept_once_and_the_list_stays_full()
    {
        RetrievedChunk[] hits =
        [
            OnnxCrossEncoderRerankerTests.Candidate(Manual, 0, 3.0),
            OnnxCrossEncoderRerankerTests.Candidate("  " + Manual.Replace("ten", "10", StringComparison.Ordinal) + "\n4 / Shell manual", 1, 2.5),
            OnnxCrossEncoderRerankerTests.Candidate("The head command prints the first part of files.", 2, 2.0),
            OnnxCrossEncoderRerankerTests.Candidate("Pipes connect the output of one command to another.", 3, 1.0),
        ];
        var asked = new List<int>();
        var retriever = new FixedRetriever(hits, asked).AsBuilder().UseDuplicateCollapsing().Build();

        var result = await retriever.RetrieveAsync("tail lines", new RetrievalOptions { Top = 2 });

        Assert.Equal([4], asked); // twice the top, so that a dropped copy leaves the list full
        Assert.Equal(["doc0:0", "doc2:0"], result.Select(r => r.Chunk.Id));
        Assert.Equal([1, 2], result.Select(r => r.Rank));
    }

    [Fact]
    public void Passages_that_share_only_some_words_are_different_passages()
    {
        var a = DuplicateCollapsingRetriever.Shingles(Manual);
        var b = DuplicateCollapsingRetriever.Shingles("To change the number of lines, give head the -n option. Head prints the first ten lines of each file.");

        Assert.False(DuplicateCollapsingRetriever.SamePassage(a, b));
        Assert.True(DuplicateCollapsingRetriever.SamePassage(a, DuplicateCollapsingRetriever.Shingles(Manual.ToUpperInvariant())));
    }

    [Fact]
    public async Task A_data_folder_answers_from_one_copy_of_a_file_ingested_twice()
    {
        using var data = new TempDirectory();
        using var docs = new TempDirectory();
        var text = "# Tail\n\n" + Manual + "\n";
        File.WriteAllText(Path.Combine(docs.Path, "tail.md"), text);
        Directory.CreateDirectory(Path.Combine(docs.Path, "copy"));
        File.WriteAllText(Path.Combine(docs.Path, "copy", "tail-manual.md"), text);
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = data.Path });
        await folder.CreateIngestionPipeline().IngestAsync([docs.Path], new IngestOptions());

        var hits = await folder.Retriever.RetrieveAsync("How do I change the number of lines tail prints?", new RetrievalOptions { Top = 5 });
        var answer = await folder.CreateAskPipeline().AskAsync("How do I change the number of lines tail prints?");

        Assert.Single(hits);
        Assert.True(answer.Answer.Found);
        Assert.Single(answer.Answer.Citations.Select(c => c.DocumentId).Distinct()); // one copy cited, not both
        Assert.Equal(answer.Answer.Citations.Count, answer.Answer.Citations.Select(c => c.Quote).Distinct().Count()); // no quote twice
    }

    private sealed class FixedRetriever(IReadOnlyList<RetrievedChunk> hits, List<int> asked) : IRetriever
    {
        public Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
        {
            var top = (options ?? new RetrievalOptions()).Top;
            asked.Add(top);
            return Task.FromResult<IReadOnlyList<RetrievedChunk>>(hits.Take(top).ToList());
        }
    }
}
