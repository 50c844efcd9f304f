using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Docent.Server.Mcp;

/// <summary>
/// A call-tool filter that answers a call missing a required argument, or giving one of the wrong JSON type, with a tool error
/// naming the argument and what it is for ("search needs the argument "query": What to look for."; "search's argument "top"
/// must be an integer: …"), read from the tool's own input schema, where the SDK would say only "An error occurred invoking
/// 'search'" (and log the binding exception as an error). Static; thread-safe.
/// </summary>
internal static class RequiredArgumentFilter
{
    /// <summary>The filter, for <c>AddCallToolFilter</c>.</summary>
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (context, cancellationToken) =>
        {
            if (context.MatchedPrimitive is McpServerTool tool
                && (Missing(tool.ProtocolTool, context.Params?.Arguments) ?? WrongType(tool.ProtocolTool, context.Params?.Arguments)) is { } problem)
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

    /// <summary>Why the call cannot go ahead (the first argument whose JSON type its schema does not allow), or null.</summary>
    internal static string? WrongType(Tool tool, IDictionary<string, JsonElement>? arguments)
    {
        var schema = tool.InputSchema;
        if (arguments is null || schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties)
            || properties.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var (name, value) in arguments)
        {
            if (!properties.TryGetProperty(name, out var property) || !property.TryGetProperty("type", out var type))
            {
                continue;
            }

            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
            if (!allowed.Any(t => Fits(t, value)))
            {
                var description = property.TryGetProperty("description", out var text) ? " " + text.GetString() : "";
                var wanted = string.Join(" or ", allowed.Select(t => t is "integer" or "object" or "array" ? "an " + t : "a " + t));
                return $"{tool.Name}'s argument \"{name}\" must be {wanted}:{description}";
            }
        }

        return null;

        static bool Fits(string? type, JsonElement value) => type switch
        {
            "string" => value.ValueKind == JsonValueKind.String,
            // Numbers may come as strings ("5"), which the SDK's binding reads.
            "integer" => value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out _) : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), out _),
            "number" => value.ValueKind == JsonValueKind.Number || (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out _)),
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "null" => value.ValueKind == JsonValueKind.Null,
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            _ => true,
        };
    }
}
