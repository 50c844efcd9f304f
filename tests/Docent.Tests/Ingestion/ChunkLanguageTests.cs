using Docent.Hosting;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Ingestion;

public sealed class ChunkLanguageTests : IDisposable
{
    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _docs.Dispose();
        _data.Dispose();
    }

    private Task<DataFolder> OpenAsync() => DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path });

    private void WriteMixedCollection()
    {
        _docs.Write("ls-en.txt", "The -S option sorts the files by size, largest first. The -a option shows the hidden files too.\n");
        _docs.Write("ls-de.txt", "Die Option -S sortiert die Dateien nach ihrer Größe, die größten zuerst. Die Option -a zeigt auch die versteckten Dateien.\n");
        _docs.Write("ls-zh.txt", "选项 -S 按文件大小排序，最大的文件排在最前面。选项 -a 也会显示隐藏的文件。\n");
    }

    [Fact]
    public async Task Each_chunk_is_stored_with_its_language_and_found_by_a_question_in_it()
    {
        WriteMixedCollection();
        var folder = await OpenAsync();
        await folder.CreateIngestionPipeline().IngestAsync([_docs.Path], new IngestOptions());

        var german = await folder.Retriever.RetrieveAsync("Wie sortiere ich Dateien nach Größe?", new RetrievalOptions { Top = 3 });
        Assert.EndsWith("ls-de.txt", german[0].Document.Source);
        Assert.Equal("de", german[0].Chunk.Language);

        var chinese = await folder.Retriever.RetrieveAsync("文件大小", new RetrievalOptions { Top = 3 });
        Assert.EndsWith("ls-zh.txt", chinese[0].Document.Source);
        Assert.Equal("zh", chinese[0].Chunk.Language);

        var stats = await folder.GetStatisticsAsync();
        Assert.Equal(["de", "en", "zh"], stats.Languages.Select(l => l.Language).Order().ToArray());
        Assert.Equal("multilingual-v1", stats.Analyzer);
    }

    [Fact]
    public async Task A_german_question_over_german_text_is_answered_although_its_verb_is_inflected_differently()
    {
        WriteMixedCollection();
        var folder = await OpenAsync();
        await folder.CreateIngestionPipeline().IngestAsync([_docs.Path], new IngestOptions());

        // "sortiere" (question) and "sortiert" (text), "Dateien" and "Größe" meet only after German stemming.
        const string question = "Wie sortiere ich die Dateien nach ihrer Größe?";
        var answer = await folder.Answerer.GenerateAsync(question, await folder.Retriever.RetrieveAsync(question));
        Assert.True(answer.Found, answer.Text);
        Assert.Contains("-S", answer.Text);
    }
}
