using System.Text.Json;
using System.Text.Json.Serialization;

namespace Docent.Server.Endpoints;

/// <summary>The parts of an OpenAI embeddings request Docent reads: input is a string or an array of strings.</summary>
public sealed record EmbeddingsBody(string? Model, JsonElement Input, [property: JsonPropertyName("encoding_format")] string? EncodingFormat);
