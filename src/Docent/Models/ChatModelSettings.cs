namespace Docent.Models;

/// <summary>
/// Which chat model answers questions: an OpenAI-compatible server (OpenAI, Azure OpenAI v1, Ollama, vLLM,
/// llama.cpp server, LM Studio), or a local GGUF file run in process (provider "local"). Null model means
/// "no chat model": answers stay extractive. Plain options bound from configuration; call <see cref="Validate"/>
/// before use.
/// </summary>
public sealed class ChatModelSettings
{
    /// <summary>Any server speaking the OpenAI chat-completions API.</summary>
    public const string OpenAIProvider = "openai";

    /// <summary>A local llama-family GGUF model run in process; <see cref="Model"/> is the file's path.</summary>
    public const string LocalProvider = "local";

    /// <summary>Provider name; "openai" (OpenAI-compatible) or "local" (a GGUF file run in process).</summary>
    public string Provider { get; set; } = OpenAIProvider;

    /// <summary>Base URL of the API, e.g. http://localhost:11434/v1 for Ollama; null means api.openai.com.</summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// The model name the server knows, e.g. "gpt-4o-mini" or "llama3.1:8b"; for provider "local", the path of the
    /// .gguf file (or llama2.c .bin checkpoint). Null: no chat model.
    /// </summary>
    public string? Model { get; set; }

    /// <summary>API key. Read only from the environment or the user-secrets file, never from settings.json.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model's context window in tokens: the prompt and the answer must fit in it.</summary>
    public int ContextWindowTokens { get; set; } = 8192;

    /// <summary>Most tokens the model may write in one answer.</summary>
    public int MaxOutputTokens { get; set; } = 512;

    /// <summary>Sampling temperature; 0 keeps answers as repeatable as the server allows.</summary>
    public double Temperature { get; set; }

    /// <summary>Time allowed for one HTTP attempt before it counts as failed (and is retried).</summary>
    public double TimeoutSeconds { get; set; } = 120;

    /// <summary>Retries of a transient failure (HTTP 408, 429, 5xx, connection errors, timeouts).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry; doubles each time, with jitter; a Retry-After header wins.</summary>
    public double RetryDelaySeconds { get; set; } = 1;

    /// <summary>Provider "local": the prompt format, auto|llama2|llama3|chatml|gemma|phi3|mistral|none (none: a plain completion prompt for base models).</summary>
    public string Template { get; set; } = "auto";

    /// <summary>Provider "local": threads each matrix product is split across; 0 means one per processor.</summary>
    public int Threads { get; set; }

    /// <summary>The values <see cref="Template"/> accepts (case-insensitive); the local generation engine parses them.</summary>
    public static IReadOnlyList<string> Templates { get; } = ["auto", "llama2", "llama3", "chatml", "gemma", "phi3", "mistral", "none"];

    /// <summary>Whether <see cref="Provider"/> is "local".</summary>
    public bool IsLocal => string.Equals(Provider, LocalProvider, StringComparison.Ordinal);

    /// <summary>Whether a chat model is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Model);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ModelSettingsValidation.RequireProvider("chat", Provider, OpenAIProvider, LocalProvider);
        ModelSettingsValidation.RequireEndpoint("chat", Endpoint);
        ModelSettingsValidation.RequireRange("chat.contextWindowTokens", ContextWindowTokens, 256, 10_000_000);
        ModelSettingsValidation.RequireRange("chat.maxOutputTokens", MaxOutputTokens, 1, ContextWindowTokens / 2);
        ModelSettingsValidation.RequireRange("chat.temperature", Temperature, 0, 2);
        ModelSettingsValidation.RequireRange("chat.timeoutSeconds", TimeoutSeconds, 0.001, 3600);
        ModelSettingsValidation.RequireRange("chat.maxRetries", MaxRetries, 0, 10);
        ModelSettingsValidation.RequireRange("chat.retryDelaySeconds", RetryDelaySeconds, 0, 60);
        ModelSettingsValidation.RequireRange("chat.threads", Threads, 0, 1024);
        if (!string.IsNullOrWhiteSpace(Template) && !Templates.Contains(Template.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"chat.template \"{Template}\" is not known; use {string.Join(", ", Templates.Take(Templates.Count - 1))} or {Templates[^1]}.");
        }

        if (IsLocal && IsConfigured && !File.Exists(Model))
        {
            throw new ArgumentException(
                $"chat.model \"{Model}\" does not exist: with chat.provider \"local\" it must be the path of a .gguf model file " +
                $"(looked for {Path.GetFullPath(Model!)}).");
        }
    }
}
