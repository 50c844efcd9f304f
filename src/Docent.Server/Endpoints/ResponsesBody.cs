using System.Text.Json;
using System.Text.Json.Serialization;

namespace Docent.Server.Endpoints;

/// <summary>
/// The parts of an OpenAI Responses request Docent reads: the input (a string or a list of messages), instructions (read
/// like a system message), the collection as model, streaming, the output-token limit, and the response it follows.
/// <see cref="Tools"/> and a <see cref="Text"/> format other than text are read only to refuse them.
/// </summary>
public sealed record ResponsesBody(
    string? Model,
    JsonElement Input,
    string? Instructions = null,
    bool? Stream = null,
    [property: JsonPropertyName("max_output_tokens")] int? MaxOutputTokens = null,
    [property: JsonPropertyName("previous_response_id")] string? PreviousResponseId = null,
    bool? Store = null,
    JsonElement? Tools = null,
    JsonElement? Text = null);
