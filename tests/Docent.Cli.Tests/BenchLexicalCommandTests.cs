using System.Text.Json;
using Docent.Benchmarks.Lexical;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>
/// `docent bench lexical`: one JSON object with both engines' figures, and an out-of-range option named in the error;
/// with --cold, a synthetic data folder that `docent search` opens and answers from, cached for the next run.
/// </summary>
public sealed class BenchLexicalCommandTests
{
    [Fact]
    public async Task Json_is_one_object_with_both_engines()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync("bench", "lexical", "--docs", "300", "--queries", "10", "--rounds", "1", "--json");

        Assert.True(code == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.Equal("zipf", root.GetProperty("corpus").GetString());
        Assert.Equal(300, root.GetProperty("documents").GetInt32());
        foreach (var engine in new[] { "docent", "lucene" })
        {
            var figures = root.GetProperty(engine);
            Assert.Equal(engine, figures.GetProperty("engine").GetString());
            Assert.True(figures.GetProperty("queriesPerSecond").GetProperty("median").GetDouble() > 0);
            Assert.True(figures.GetProperty("diskBytes").GetInt64() > 0);
        }
    }

    [Fact]
    public async Task Rounds_out_of_range_are_named_in_the_error()
    {
        var (code, _, stderr) = await DocentProcess.RunAsync("bench", "lexical", "--rounds", "0");

        Assert.NotEqual(0, code);
        Assert.Contains("--rounds", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cold_times_searches_on_a_data_folder_that_answers_a_corpus_word()
    {
        using var root = new TempDirectory();

        var (code, stdout, stderr) = await DocentProcess.RunAsync("bench", "lexical", "--cold", "--docs", "200", "--rounds", "1", "--data-root", root.Path, "--json");

        Assert.True(code == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var result = document.RootElement;
        var folder = result.GetProperty("folder");
        Assert.True(folder.GetProperty("created").GetBoolean());
        Assert.Equal(200, folder.GetProperty("chunks").GetInt32());
        Assert.True(folder.GetProperty("indexBytes").GetInt64() > 0, "the lexical index was saved in the folder");
        Assert.True(result.GetProperty("searchMilliseconds").GetProperty("median").GetDouble() > 0);
        Assert.True(result.GetProperty("floorMilliseconds").GetProperty("median").GetDouble() > 0);
        Assert.True(result.GetProperty("heapBytesAfterOpen").GetInt64() > 0);

        // The rarest word of synthetic document 0 (chunk 0 of the first stored document) finds that chunk.
        string dataDirectory = folder.GetProperty("dataDirectory").GetString()!;
        Assert.Equal(ZipfDataFolder.PathFor(root.Path, 200, 42), dataDirectory);
        var corpus = new ZipfCorpus(42);
        var texts = corpus.Documents(200);
        string word = texts[0].Split(' ').MinBy(w => texts.Count(t => t.Split(' ').Contains(w)))!;
        var (searchCode, searchOut, searchErr) = await DocentProcess.RunAsync("search", "--no-embeddings", "--json", "--top", "200", "--data", dataDirectory, "--", word);

        Assert.True(searchCode == 0, searchErr);
        using var hits = JsonDocument.Parse(searchOut);
        var chunkIds = hits.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("chunkId").GetString()).ToList();
        Assert.Contains("zipf-00000:0", chunkIds);
        Assert.Equal(texts.Count(t => t.Split(' ').Contains(word)), chunkIds.Count);
    }

    [Fact]
    public async Task Data_folder_is_built_once_and_then_reused()
    {
        using var root = new TempDirectory();

        var built = await ZipfDataFolder.EnsureAsync(root.Path, 50, seed: 7);
        var reused = await ZipfDataFolder.EnsureAsync(root.Path, 50, seed: 7);

        Assert.True(built.Created);
        Assert.False(reused.Created);
        Assert.Null(reused.StoreSeconds);
        Assert.Equal(built.DataDirectory, reused.DataDirectory);
        Assert.Equal(built.IndexBytes, reused.IndexBytes);
        Assert.Single(Directory.GetDirectories(root.Path)); // no half-built folder left behind
    }

    [Fact]
    public async Task A_reused_folder_whose_index_file_this_build_cannot_read_gets_it_saved_again()
    {
        using var root = new TempDirectory();
        var built = await ZipfDataFolder.EnsureAsync(root.Path, 50, seed: 7);
        string indexFile = Path.Combine(built.DataDirectory, Docent.Indexing.LexicalIndexSynchronizer.IndexFileName);
        await File.WriteAllTextAsync(indexFile, "an index file of another format");

        var reused = await ZipfDataFolder.EnsureAsync(root.Path, 50, seed: 7);

        Assert.False(reused.Created);
        Assert.Equal(built.IndexBytes, new FileInfo(indexFile).Length);
    }

    [Fact]
    public async Task Cold_without_a_data_root_says_it_needs_one()
    {
        var (code, _, stderr) = await DocentProcess.RunAsync("bench", "lexical", "--cold", "--docs", "10");

        Assert.NotEqual(0, code);
        Assert.Contains("--data-root", stderr, StringComparison.Ordinal);
    }
}
