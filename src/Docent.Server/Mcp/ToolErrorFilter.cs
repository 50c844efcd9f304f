using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Docent.Server.Mcp;

/// <summary>
/// A call-tool filter that answers a tool's refusal (an <see cref="McpException"/>: an unknown collection, an argument out of
/// range, a key that does not cover the collection) with a tool error carrying its message and one Information line in the
/// log (event 4030, category <c>Docent.Server.Mcp.DocentTools</c>), where the SDK would log an Error with the exception's
/// stack trace for what is the caller's mistake. Other exceptions go on to the SDK (logged as errors). Static; thread-safe.
/// </summary>
internal static partial class ToolErrorFilter
{
    /// <summary>The filter, for <c>AddCallToolFilter</c>.</summary>
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            try
            {
                return await next(context, cancellationToken).ConfigureAwait(false);
            }
            catch (McpException refusal) when (refusal is not McpProtocolException)
            {
                var logger = context.Services?.GetService<ILoggerFactory>()?.CreateLogger<DocentTools>() ?? (ILogger)NullLogger.Instance;
                ToolRefused(logger, context.Params?.Name ?? "", refusal.Message);
                return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = refusal.Message }] };
            }
        };

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "MCP tool {Tool} refused a call: {Reason}")]
    private static partial void ToolRefused(ILogger logger, string tool, string reason);
}
