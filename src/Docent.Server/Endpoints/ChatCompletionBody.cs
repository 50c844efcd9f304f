using System.Text.Json.Serialization;

namespace Docent.Server.Endpoints;

/// <summary>The parts of an OpenAI chat-completions request Docent reads.</summary>
public sealed record ChatCompletionBody(
    string? Model, IReadOnlyList<ChatMessageBody>? Messages, bool? Stream,
    [property: JsonPropertyName("stream_options")] StreamOptionsBody? StreamOptions = null);
