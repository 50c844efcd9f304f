using System.Text.Json.Serialization;

namespace Docent.Server.Endpoints;

/// <summary>OpenAI's stream_options: include_usage asks for a last chunk carrying the usage.</summary>
public sealed record StreamOptionsBody([property: JsonPropertyName("include_usage")] bool? IncludeUsage);
