using System.Text.Json.Serialization;

namespace Docent.Server.Endpoints;

/// <summary>One chat message; content may be a string or a list of parts (only text parts are read).</summary>
public sealed record ChatMessageBody(string Role, System.Text.Json.JsonElement Content)
{
    /// <summary>The message's text.</summary>
    [JsonIgnore]
    public string? Text => Content.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => Content.GetString(),
        System.Text.Json.JsonValueKind.Array => string.Join("\n", Content.EnumerateArray()
            .Where(p => p.TryGetProperty("type", out var t) && t.GetString() == "text" && p.TryGetProperty("text", out _))
            .Select(p => p.GetProperty("text").GetString())),
        _ => null,
    };
}
