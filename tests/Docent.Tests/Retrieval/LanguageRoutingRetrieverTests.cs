using Docent.Retrieval;
using Docent.Text;

namespace Docent.Tests.Retrieval;

public sealed class LanguageRoutingRetrieverTests
{
    /// <summary>A retriever that records the queries it was asked (the routing is what is under test).</summary>
    private sealed class RecordingRetriever : IRetriever
    {
        public List<string> Queries { get; } = [];

        public Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
        {
            Queries.Add(query);
            return Task.FromResult<IReadOnlyList<RetrievedChunk>>([]);
        }
    }

    [Fact]
    public async Task Questions_in_languages_the_model_does_not_understand_go_to_the_lexical_side()
    {
        var hybrid = new RecordingRetriever();
        var lexical = new RecordingRetriever();
        var settings = new Docent.Models.EmbeddingModelSettings(); // the built-in English model
        var router = new LanguageRoutingRetriever(hybrid, lexical, query => settings.Understands(LanguageIdentifier.Identify(query, ["en", "th", "de"])));

        await router.RetrieveAsync("How are the files sorted by size?");
        await router.RetrieveAsync("Wie werden die Dateien sortiert?");
        await router.RetrieveAsync("ไฟล์เรียงตามขนาดอย่างไร");
        await router.RetrieveAsync("RFC 2616");

        Assert.Equal(["How are the files sorted by size?", "RFC 2616"], hybrid.Queries);
        Assert.Equal(["Wie werden die Dateien sortiert?", "ไฟล์เรียงตามขนาดอย่างไร"], lexical.Queries);
    }

    [Fact]
    public void Embedding_languages_default_to_english_for_the_built_in_models_and_to_every_language_for_a_named_one()
    {
        var builtin = new Docent.Models.EmbeddingModelSettings();
        Assert.True(builtin.Understands("en"));
        Assert.True(builtin.Understands(LanguageIdentifier.Undetermined));
        Assert.False(builtin.Understands("de"));

        var named = new Docent.Models.EmbeddingModelSettings { Path = "/models/multilingual-e5-small" };
        Assert.True(named.Understands("th"));

        var listed = new Docent.Models.EmbeddingModelSettings { Languages = "en, DE" };
        Assert.True(listed.Understands("de"));
        Assert.False(listed.Understands("zh"));

        var error = Assert.Throws<ArgumentException>(() => new Docent.Models.EmbeddingModelSettings { Languages = "english" }.Validate());
        Assert.Contains("embedding.languages", error.Message);
    }
}
