namespace Docent.Models;

/// <summary>
/// Which chat model answers questions: an OpenAI-compatible server (OpenAI, Azure OpenAI v1, Ollama, vLLM,
/// llama.cpp server, LM Studio). Null model means "no chat model": answers stay extractive. Plain options
/// bound from configuration; call <see cref="Validate"/> before use.
/// </summary>
public sealed class ChatModelSettings
{
    /// <summary>The only provider today: any server speaking the OpenAI chat-completions API.</summary>
    public const string OpenAIProvider = "openai";

    /// <summary>Provider name; "openai" (OpenAI-compatible).</summary>
    public string Provider { get; set; } = OpenAIProvider;

    /// <summary>Base URL of the API, e.g. http://localhost:11434/v1 for Ollama; null means api.openai.com.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name the server knows, e.g. "gpt-4o-mini" or "llama3.1:8b". Null: no chat model.</summary>
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

    /// <summary>Whether a chat model is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Model);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ModelSettingsValidation.RequireProvider("chat", Provider, OpenAIProvider);
        ModelSettingsValidation.RequireEndpoint("chat", Endpoint);
        ModelSettingsValidation.RequireRange("chat.contextWindowTokens", ContextWindowTokens, 256, 10_000_000);
        ModelSettingsValidation.RequireRange("chat.maxOutputTokens", MaxOutputTokens, 1, ContextWindowTokens / 2);
        ModelSettingsValidation.RequireRange("chat.temperature", Temperature, 0, 2);
        ModelSettingsValidation.RequireRange("chat.timeoutSeconds", TimeoutSeconds, 0.001, 3600);
        ModelSettingsValidation.RequireRange("chat.maxRetries", MaxRetries, 0, 10);
        ModelSettingsValidation.RequireRange("chat.retryDelaySeconds", RetryDelaySeconds, 0, 60);
    }
}
