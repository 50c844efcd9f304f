using Docent.Retrieval;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Retrieval;

/// <summary>
/// Behaviour every <see cref="IRetriever"/> must share, over a real store and real indexes
/// (<see cref="RetrievalCorpus"/>); one subclass per implementation.
/// </summary>
public abstract class RetrieverConformanceTests : IAsyncLifetime
{
    private const string LeaveQuestion = "How many days of annual leave do employees get?";

    private readonly TempDirectory _directory = new();
    private RetrievalCorpus? _corpus;
    private IRetriever? _retriever;

    /// <summary>Whether the retriever ranks by meaning (vectors), so a query sharing no word with any chunk still has nearest chunks.</summary>
    protected virtual bool RanksByMeaning => false;

    private IRetriever Retriever => _retriever!;

    private RetrievalCorpus Corpus => _corpus!;

    /// <summary>The retriever under test, over the corpus's store and indexes.</summary>
    internal abstract IRetriever Create(RetrievalCorpus corpus);

    public async Task InitializeAsync()
    {
        _corpus = await RetrievalCorpus.CreateAsync(_directory.Path);
        _retriever = Create(_corpus);
    }

    public Task DisposeAsync()
    {
        _corpus?.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public virtual async Task Results_come_best_first_with_consecutive_ranks_from_one()
    {
        var results = await Retriever.RetrieveAsync(LeaveQuestion, new RetrievalOptions { Top = 5 });

        Assert.NotEmpty(results);
        Assert.Equal(Enumerable.Range(1, results.Count), results.Select(r => r.Rank));
        Assert.All(results.Zip(results.Skip(1)), pair => Assert.True(pair.First.Score >= pair.Second.Score, $"{pair.First.Score} then {pair.Second.Score}"));
        Assert.StartsWith("leave:", results[0].Chunk.Id, StringComparison.Ordinal);
    }

    [Fact]
    public virtual async Task No_more_than_top_results_and_no_chunk_twice()
    {
        var one = await Retriever.RetrieveAsync(LeaveQuestion, new RetrievalOptions { Top = 1 });
        var all = await Retriever.RetrieveAsync("leave desk flights kitchen security days", new RetrievalOptions { Top = 100 });

        Assert.Single(one);
        Assert.InRange(all.Count, 2, 100);
        Assert.Equal(all.Count, all.Select(r => r.Chunk.Id).Distinct().Count());
    }

    [Fact]
    public virtual async Task A_smaller_top_returns_the_head_of_a_larger_one()
    {
        var two = await Retriever.RetrieveAsync(LeaveQuestion, new RetrievalOptions { Top = 2 });
        var five = await Retriever.RetrieveAsync(LeaveQuestion, new RetrievalOptions { Top = 5 });

        Assert.Equal(2, two.Count);
        Assert.Equal(five.Take(2).Select(r => r.Chunk.Id), two.Select(r => r.Chunk.Id));
    }

    [Fact]
    public virtual async Task Every_result_is_a_stored_chunk_with_its_text_and_document()
    {
        var results = await Retriever.RetrieveAsync("leave desk flights kitchen", new RetrievalOptions { Top = 20 });

        Assert.NotEmpty(results);
        foreach (var result in results)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Chunk.Text));
            Assert.Equal(result.Chunk.DocumentId, result.Document.Id);
            var stored = Assert.Single(await Corpus.Store.GetDocumentChunksAsync(result.Chunk.DocumentId), c => c.Chunk.Id == result.Chunk.Id);
            Assert.Equal(stored.Chunk.Text, result.Chunk.Text);
            Assert.Equal(stored.Chunk.Span, result.Chunk.Span);
            Assert.Equal(stored.Chunk.HeadingPath, result.Chunk.HeadingPath);
            var document = await Corpus.Store.GetDocumentAsync(result.Document.Id);
            Assert.Equal((document!.Source, document.Title), (result.Document.Source, result.Document.Title));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public virtual async Task A_blank_query_finds_nothing(string query)
    {
        Assert.Empty(await Retriever.RetrieveAsync(query));
    }

    [Fact]
    public virtual async Task A_query_sharing_no_word_with_any_chunk_finds_nothing_unless_ranking_by_meaning()
    {
        var results = await Retriever.RetrieveAsync("zeppelin quasar", new RetrievalOptions { Top = 3 });

        if (RanksByMeaning)
        {
            // Nearest neighbours always exist; they must still keep the contract.
            Assert.InRange(results.Count, 1, 3);
            Assert.Equal(Enumerable.Range(1, results.Count), results.Select(r => r.Rank));
        }
        else
        {
            Assert.Empty(results);
        }
    }

    [Fact]
    public virtual async Task A_cancelled_token_throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Retriever.RetrieveAsync(LeaveQuestion, null, cancelled.Token));
    }

    [Fact]
    public virtual async Task Out_of_range_options_and_a_null_query_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Retriever.RetrieveAsync(LeaveQuestion, new RetrievalOptions { Top = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Retriever.RetrieveAsync(LeaveQuestion, new RetrievalOptions { Top = 10_001 }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Retriever.RetrieveAsync(null!));
    }

    [Fact]
    public virtual async Task The_callers_options_are_not_changed()
    {
        var options = new RetrievalOptions { Top = 2 };

        await Retriever.RetrieveAsync(LeaveQuestion, options);

        Assert.Equal(2, options.Top);
    }
}
