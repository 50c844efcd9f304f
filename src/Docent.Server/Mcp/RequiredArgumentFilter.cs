using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Docent.Server.Mcp;

/// <summary>
/// A call-tool filter that answers a call missing a required argument with a tool error naming the argument and what it is
/// for ("search needs the argument "query": What to look for."), read from the tool's own input schema, where the SDK would
/// say only "An error occurred invoking 'search'". Static; thread-safe.
/// </summary>
internal static class RequiredArgumentFilter
{
    /// <summary>The filter, for <c>AddCallToolFilter</c>.</summary>
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (context, cancellationToken) =>
        {
            if (context.MatchedPrimitive is McpServerTool tool && Missing(tool.ProtocolTool, context.Params?.Arguments) is { } problem)
            {
                return ValueTask.FromResult(new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = problem }] });
            }

            return next(context, cancellationToken);
        };

    /// <summary>Why the call cannot go ahead (the first required argument it lacks), or null.</summary>
    internal static string? Missing(Tool tool, IDictionary<string, JsonElement>? arguments)
    {
        var schema = tool.InputSchema;
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("required", out var required) || required.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var name in required.EnumerateArray().Select(e => e.GetString()).OfType<string>())
        {
            if (arguments is null || !arguments.TryGetValue(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                var description = schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(name, out var property)
                    && property.TryGetProperty("description", out var text) ? " " + text.GetString() : "";
                return $"{tool.Name} needs the argument \"{name}\":{description}";
            }
        }

        return null;
    }
}
