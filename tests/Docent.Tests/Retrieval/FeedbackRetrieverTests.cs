using Docent.Hosting;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Retrieval;

public sealed class FeedbackRetrieverTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Rm3_expansion_reaches_a_passage_that_shares_only_feedback_terms_with_the_query()
    {
        _temp.Write("docs/a.md", "# Notes\n\nThe aurora glows over the tundra at night.\n");
        _temp.Write("docs/b.md", "# More notes\n\nThe tundra freezes solid every winter.\n");
        _temp.Write("docs/c.md", "# Other\n\nHarbours stay busy all year.\n");
        var docs = Path.Combine(_temp.Path, "docs");
        var plain = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(_temp.Path, "plain") });
        await plain.CreateIngestionPipeline().IngestAsync([docs], new IngestOptions());
        var expanded = await DataFolder.OpenAsync(new DocentOptions
        {
            DataDirectory = Path.Combine(_temp.Path, "rm3"),
            Feedback = new FeedbackOptions { Documents = 1, Terms = 5, OriginalQueryWeight = 0.5 },
        });
        await expanded.CreateIngestionPipeline().IngestAsync([docs], new IngestOptions());

        var without = await plain.Retriever.RetrieveAsync("aurora");
        var with = await expanded.Retriever.RetrieveAsync("aurora");

        Assert.Equal(["a.md"], without.Select(h => Path.GetFileName(h.Document.Source)));
        Assert.Equal(["a.md", "b.md"], with.Select(h => Path.GetFileName(h.Document.Source)));
    }

    [Fact]
    public void Out_of_range_feedback_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedbackOptions { OriginalQueryWeight = 1.5 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedbackOptions { Documents = 0 }.Validate());
    }
}
