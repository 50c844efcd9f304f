using System.CommandLine;
using Docent.Hosting;
using Docent.Retrieval;

namespace Docent.Cli;

/// <summary>The options every command accepts (--data, --json, --set, --verbose, --chat-model, --no-embeddings), and how they become engine options. Immutable after construction.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Data { get; } = new("--data")
    {
        Description = $"Data folder to use (default: ${DocentOptions.DataDirectoryVariable}, else ./{DocentOptions.DefaultDataDirectory}).",
        Recursive = true,
        HelpName = "DIR",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print exactly one JSON object on stdout instead of human output.",
        Recursive = true,
    };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override a setting for this run (repeatable), e.g. --set chat.model=llama3.1 --set chat.endpoint=http://localhost:11434/v1. " +
                      "See `docent config --help` for every key.",
        Recursive = true,
        HelpName = "KEY=VALUE",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log what the engine does (files ingested, indexes loaded and saved, passages retrieved, answers) on stderr at Debug; " +
                      "stdout keeps only the command's output. `docent ingest` also prints each file's result as it is processed. " +
                      "Questions and document text are never logged at Debug (DOCENT_LOG_LEVEL=Trace shows them).",
        Recursive = true,
    };

    public Option<FileInfo?> ChatModel { get; } = new("--chat-model")
    {
        Description = "Answer with a local GGUF model file run in process for this run (sets chat.provider=local and chat.model=FILE; " +
                      "pick the prompt format with --set chat.template=auto|llama2|llama3|chatml|gemma|phi3|mistral|none).",
        Recursive = true,
        HelpName = "FILE",
    };

    public Option<bool> NoEmbeddings { get; } = new("--no-embeddings")
    {
        Description = "Lexical search only for this run: ingest embeds nothing and questions use BM25 alone " +
                      "(the setting `docent config set embedding.path none` makes it permanent).",
        Recursive = true,
    };

    /// <summary>The --mode option of the commands that retrieve.</summary>
    public static Option<RetrievalMode?> CreateModeOption() => new("--mode")
    {
        Description = "Retrieval: lexical (BM25), vector (embeddings) or hybrid (both, fused). Default: hybrid with the built-in embedding model; lexical with --no-embeddings.",
    };

    /// <summary>The data folder the command line names.</summary>
    public string DataDirectory(ParseResult parse) => DocentOptions.ResolveDataDirectory(parse.GetValue(Data));

    /// <summary>
    /// Engine options for the data folder the command line names (or <paramref name="dataDirectory"/>), with settings
    /// loaded from its settings.json, user secrets, the environment and --set; <paramref name="mode"/> overrides the mode.
    /// </summary>
    public DocentOptions ToDocentOptions(ParseResult parse, string? dataDirectory = null, RetrievalMode? mode = null)
    {
        var directory = dataDirectory ?? DataDirectory(parse);
        var overrides = Overrides(parse);
        if (mode is { } chosen)
        {
            overrides["retrieval:mode"] = chosen.ToString();
        }

        var loaded = DocentSettingsLoader.Load(directory, overrides);
        return new DocentOptions { DataDirectory = directory, Settings = loaded.Settings };
    }

    /// <summary>Settings with their sources, for `docent config show`.</summary>
    public LoadedSettings LoadSettings(ParseResult parse) => DocentSettingsLoader.Load(DataDirectory(parse), Overrides(parse));

    /// <summary>The command line's setting overrides: --set pairs, then --chat-model and --no-embeddings.</summary>
    private Dictionary<string, string?> Overrides(ParseResult parse)
    {
        var overrides = ParseSets(parse.GetValue(Set) ?? []);
        if (parse.GetValue(ChatModel) is { } file)
        {
            overrides["chat:provider"] = Docent.Models.ChatModelSettings.LocalProvider;
            overrides["chat:model"] = file.FullName;
        }

        if (parse.GetValue(NoEmbeddings))
        {
            overrides["embedding:path"] = Docent.Models.EmbeddingModelSettings.NonePath;
            overrides["embedding:provider"] = Docent.Models.EmbeddingModelSettings.OnnxProvider;
        }

        return overrides;
    }

    /// <summary>Parses KEY=VALUE pairs into configuration keys ("chat.model" → "chat:model").</summary>
    public static Dictionary<string, string?> ParseSets(IEnumerable<string> pairs)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--set \"{pair}\" is not KEY=VALUE (example: --set chat.model=gpt-4o-mini).");
            }

            values[ToConfigurationKey(pair[..equals].Trim())] = pair[(equals + 1)..].Trim();
        }

        return values;
    }

    /// <summary>"chat.model" (the documented spelling) → "chat:model" (the configuration key).</summary>
    public static string ToConfigurationKey(string key) => key.Replace('.', ':');
}
