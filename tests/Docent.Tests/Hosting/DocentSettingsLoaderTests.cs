using Docent.Hosting;
using Docent.Retrieval;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Hosting;

/// <summary>Settings layers, their precedence, and the refusal to read secrets from the data folder.</summary>
public sealed class DocentSettingsLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string NoSecrets => Path.Combine(_temp.Path, "no-secrets.json");

    private LoadedSettings Load(Dictionary<string, string?>? flags = null, Dictionary<string, string>? environment = null, string? secrets = null) =>
        DocentSettingsLoader.Load(_temp.Path, flags, environment ?? [], secrets ?? NoSecrets);

    [Fact]
    public void NothingConfigured_IsTheEmbeddedDefault()
    {
        var loaded = Load();

        Assert.False(loaded.Settings.Chat.IsConfigured);
        Assert.True(loaded.Settings.Embedding.IsBuiltin);
        Assert.Equal("builtin:minilm", loaded.Settings.Embedding.Path);
        Assert.Equal(RetrievalMode.Hybrid, loaded.Settings.EffectiveMode);
        Assert.Equal("default", loaded.SourceOf("chat:model"));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("NONE")]
    [InlineData("")]
    public void EmbeddingPathNone_TurnsEmbeddingsOff_AndVectorModeIsThenAnError(string path)
    {
        var off = Load(new() { ["embedding:path"] = path });
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["embedding:path"] = path, ["retrieval:mode"] = "vector" }));

        Assert.False(off.Settings.Embedding.IsConfigured);
        Assert.Equal(RetrievalMode.Lexical, off.Settings.EffectiveMode);
        Assert.Contains("needs an embedding model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_OverrideInOrder_FileThenEnvironmentThenFlags()
    {
        _temp.Write("settings.json", """
            { "chat": { "model": "from-file", "endpoint": "http://localhost:11434/v1", "maxOutputTokens": 300 },
              "retrieval": { "fusion": "rrf" } }
            """);
        var environment = new Dictionary<string, string> { ["DOCENT_CHAT__MODEL"] = "from-env", ["DOCENT_CHAT__MAXOUTPUTTOKENS"] = "400" };

        var fileAndEnvironment = Load(environment: environment);
        var withFlag = Load(new() { ["chat:model"] = "from-flag" }, environment);

        Assert.Equal("from-env", fileAndEnvironment.Settings.Chat.Model);
        Assert.Equal(400, fileAndEnvironment.Settings.Chat.MaxOutputTokens);
        Assert.Equal("http://localhost:11434/v1", fileAndEnvironment.Settings.Chat.Endpoint);
        Assert.Equal(FusionMethod.Rrf, fileAndEnvironment.Settings.Retrieval.Fusion);
        Assert.Equal("environment", fileAndEnvironment.SourceOf("chat:model"));
        Assert.Equal("settings.json", fileAndEnvironment.SourceOf("chat:endpoint"));
        Assert.Equal("from-flag", withFlag.Settings.Chat.Model);
        Assert.Equal("command line", withFlag.SourceOf("chat:model"));
    }

    [Fact]
    public void ApiKeyInSettingsFile_IsRefused_WithTheWayToSetIt()
    {
        _temp.Write("settings.json", """{ "chat": { "model": "m", "apiKey": "sk-leaked" } }""");

        var error = Assert.Throws<InvalidDataException>(() => Load());

        Assert.Contains("DOCENT_CHAT__APIKEY", error.Message, StringComparison.Ordinal);
        Assert.Contains("user-secrets", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-leaked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKey_ComesFromEnvironment_OrUserSecrets_OrOpenAIVariable()
    {
        var secrets = _temp.Write("secrets.json", """{ "chat": { "apiKey": "sk-secret-file" } }""");

        Assert.Equal("sk-secret-file", Load(secrets: secrets).Settings.Chat.ApiKey);
        Assert.Equal("sk-env", Load(environment: new() { ["DOCENT_CHAT__APIKEY"] = "sk-env" }, secrets: secrets).Settings.Chat.ApiKey);
        Assert.Equal("sk-openai", Load(environment: new() { ["OPENAI_API_KEY"] = "sk-openai" }).Settings.Chat.ApiKey);
        Assert.Null(Load(new() { ["chat:endpoint"] = "http://localhost:11434/v1" }, new() { ["OPENAI_API_KEY"] = "sk-openai" }).Settings.Chat.ApiKey);
    }

    [Fact]
    public void EmbeddingFolder_MakesHybridTheDefaultMode()
    {
        var loaded = Load(new() { ["embedding:path"] = "/models/bge-small-en" });

        Assert.Equal(RetrievalMode.Hybrid, loaded.Settings.EffectiveMode);
        Assert.Equal("bge-small-en", loaded.Settings.Embedding.ModelId);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[1, 2]", "one JSON object")]
    public void MalformedSettingsFile_NamesTheFile(string content, string reason)
    {
        var path = _temp.Write("settings.json", content);

        var error = Assert.Throws<InvalidDataException>(() => Load());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_form_names_the_setting_where_it_was_set_and_the_form_it_takes()
    {
        var fromFlag = Assert.ThrowsAny<ArgumentException>(() => Load(new() { ["chat:temperature"] = "hot" }));
        Assert.Equal("chat.temperature is \"hot\" (on the command line); it must be a number, such as 0.5.", fromFlag.Message);

        var fromEnvironment = Assert.ThrowsAny<ArgumentException>(
            () => Load(environment: new Dictionary<string, string> { ["DOCENT_RETRIEVAL__MODE"] = "fast" }));
        Assert.Equal("retrieval.mode is \"fast\" (in DOCENT_RETRIEVAL__MODE); it must be one of lexical, vector, hybrid.", fromEnvironment.Message);

        var path = _temp.Write("settings.json", """{ "dropUnsupported": "sometimes" }""");
        var fromFile = Assert.ThrowsAny<ArgumentException>(() => Load());
        Assert.Equal($"dropUnsupported is \"sometimes\" (in {path}); it must be true or false.", fromFile.Message);
    }

    [Theory]
    [InlineData("chat:maxOutputTokens", "lots", "chat.maxOutputTokens is \"lots\" (on the command line); it must be a whole number.")]
    [InlineData("chat:endpoint", "localhost:11434", "not an http(s) URL")]
    [InlineData("chat:provider", "cohere", "not known")]
    public void BadValues_AreClearErrors(string key, string value, string reason)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Load(new() { [key] = value }));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
