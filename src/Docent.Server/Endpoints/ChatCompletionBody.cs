using System.Text.Json.Serialization;

namespace Docent.Server.Endpoints;

/// <summary>
/// The parts of an OpenAI chat-completions request Docent reads; <see cref="Tools"/> and <see cref="ResponseFormat"/> are read
/// only to refuse them clearly (Docent answers from documents in its own words and calls no tools). <see cref="MaxTokens"/>
/// and <see cref="MaxCompletionTokens"/> (its newer name) bound the answer's tokens.
/// </summary>
public sealed record ChatCompletionBody(
    string? Model, IReadOnlyList<ChatMessageBody>? Messages, bool? Stream,
    [property: JsonPropertyName("stream_options")] StreamOptionsBody? StreamOptions = null,
    System.Text.Json.JsonElement? Tools = null,
    [property: JsonPropertyName("response_format")] System.Text.Json.JsonElement? ResponseFormat = null,
    [property: JsonPropertyName("max_tokens")] int? MaxTokens = null,
    [property: JsonPropertyName("max_completion_tokens")] int? MaxCompletionTokens = null);
