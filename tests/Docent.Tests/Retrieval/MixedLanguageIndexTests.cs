using Docent.Retrieval;
using Docent.Text;

namespace Docent.Tests.Retrieval;

public sealed class MixedLanguageIndexTests
{
    private static Bm25Index Build()
    {
        var index = new Bm25Index(new MultilingualAnalyzer());
        index.Upsert(new LexicalDocument(1, "ls", string.Empty, "The -S option sorts the files by size, largest first, as RFC 2616 does not."));
        index.Upsert(new LexicalDocument(2, "ls", string.Empty, "Die Option -S sortiert die Dateien nach ihrer Größe, die größten zuerst; siehe RFC 2616."));
        index.Upsert(new LexicalDocument(3, "ls", string.Empty, "选项 -S 按文件大小排序，最大的文件排在最前面，参见 RFC 2616。"));
        index.Upsert(new LexicalDocument(4, "ls", string.Empty, "Параметр -S сортирует файлы по размеру, самые большие первыми; см. RFC 2616.") { Language = "ru" });
        return index;
    }

    [Fact]
    public void Each_chunk_is_indexed_in_its_language_and_the_index_knows_them()
    {
        using var index = Build();
        var counts = index.LanguageCounts;
        Assert.Equal(1, counts["en"]);
        Assert.Equal(1, counts["de"]);
        Assert.Equal(1, counts["zh"]);
        Assert.Equal(1, counts["ru"]);

        index.Remove(3);
        Assert.False(index.LanguageCounts.ContainsKey("zh"));
        Assert.DoesNotContain("zh", index.Languages);
    }

    [Theory]
    [InlineData("Wie sortiere ich Dateien?", 2)]
    [InlineData("文件大小", 3)]
    [InlineData("как сортировать файл", 4)]
    [InlineData("how are files sorted", 1)]
    public void A_query_finds_the_chunk_in_its_own_language_first(string query, long expected)
    {
        using var index = Build();
        Assert.Equal(expected, index.Search(query)[0].Key);
    }

    [Fact]
    public void Numbers_and_codes_match_in_every_language()
    {
        using var index = Build();
        Assert.Equal([1L, 2L, 3L, 4L], index.Search("RFC 2616").Select(hit => hit.Key).Order().ToArray());
    }

    [Fact]
    public async Task Languages_survive_a_save_and_load()
    {
        using var index = Build();
        var path = Path.Combine(Path.GetTempPath(), $"docent-mixed-{Guid.NewGuid():N}.lex");
        try
        {
            await index.SaveAsync(path, 7);
            using var loaded = Bm25Index.Load(path, new MultilingualAnalyzer(), null, out var watermark);
            Assert.NotNull(loaded);
            Assert.Equal(7, watermark);
            Assert.Equal(index.LanguageCounts.OrderBy(p => p.Key), loaded.LanguageCounts.OrderBy(p => p.Key));
            Assert.Equal(2L, loaded.Search("Wie sortiere ich Dateien?")[0].Key);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
