using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Docent.Server.Mcp;

/// <summary>
/// An incoming-message filter that makes <c>initialize</c> negotiate as the MCP specification says: a client asking for a
/// protocol version the server does not offer through the handshake (a newer revision, "2026-07-28" or later, or one not yet
/// written) is answered with the latest handshake revision the server supports, and the client decides whether to go on.
/// The SDK (2.3/2.4) refuses such a request with -32022 instead; it already answers older unknown versions with its latest.
/// Static; thread-safe.
/// </summary>
internal static class ProtocolVersionNegotiation
{
    /// <summary>The latest protocol revision the SDK serves through the <c>initialize</c> handshake.</summary>
    public const string LatestHandshakeVersion = "2025-11-25";

    /// <summary>The revisions the SDK serves through the <c>initialize</c> handshake.</summary>
    private static readonly HashSet<string> HandshakeVersions = new(StringComparer.Ordinal) { "2024-11-05", "2025-03-26", "2025-06-18", LatestHandshakeVersion };

    /// <summary>The filter, for <c>AddIncomingFilter</c>.</summary>
    public static McpMessageHandler Wrap(McpMessageHandler next) =>
        (context, cancellationToken) =>
        {
            if (context.JsonRpcMessage is JsonRpcRequest { Method: RequestMethods.Initialize, Params: JsonObject parameters }
                && parameters["protocolVersion"] is JsonValue value && value.TryGetValue(out string? requested)
                && Negotiate(requested) is { } offered && offered != requested)
            {
                parameters["protocolVersion"] = offered;
            }

            return next(context, cancellationToken);
        };

    /// <summary>The version to answer a request for <paramref name="requested"/> with: itself when served, else the latest.</summary>
    internal static string Negotiate(string requested) => HandshakeVersions.Contains(requested) ? requested : LatestHandshakeVersion;
}
