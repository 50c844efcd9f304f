using Docent.Generation;
using Docent.Hosting;
using Docent.Indexing;
using Docent.Models;
using Docent.Models.Onnx;
using Microsoft.Extensions.Logging;

namespace Docent.Cli;

/// <summary>
/// What the CLI lends the engine for model calls: with <c>DOCENT_LOG_LEVEL</c> set (Trace, Debug, Information, …)
/// model calls are logged to stderr through Microsoft.Extensions.AI's logging decorators; and opening a folder
/// that must embed chunks reports progress on stderr. Static; thread-safe.
/// </summary>
internal static class CliServices
{
    /// <summary>The environment variable that turns on logging of model calls.</summary>
    public const string LogLevelVariable = "DOCENT_LOG_LEVEL";

    private static readonly Lazy<ILoggerFactory?> Logging = new(CreateLoggerFactory);

    /// <summary>The in-process runtimes the tool ships: ONNX embeddings and reranker, and local generation (one per process, so a model file loads once).</summary>
    public static ILocalModelProvider LocalModels { get; } = new LocalModelProviders(new OnnxModelProvider(), new LocalGenerationProvider());

    public static ModelServices Create() => new()
    {
        LoggerFactory = Logging.Value,
        LocalModels = LocalModels,
        EmbeddingProgress = new Output.SynchronousProgress<Indexing.VectorSyncProgress>(p =>
        {
            if (!Console.IsErrorRedirected)
            {
                Console.Error.Write($"\rEmbedding chunks: {p.Embedded}/{p.Total}{(p.Embedded == p.Total ? Environment.NewLine : "")}");
            }
        }),
    };

    private static ILoggerFactory? CreateLoggerFactory()
    {
        var level = Environment.GetEnvironmentVariable(LogLevelVariable);
        if (string.IsNullOrWhiteSpace(level))
        {
            return null;
        }

        if (!Enum.TryParse<LogLevel>(level, ignoreCase: true, out var minimum))
        {
            throw new ArgumentException($"{LogLevelVariable}=\"{level}\" is not a log level (Trace, Debug, Information, Warning, Error).");
        }

        return LoggerFactory.Create(builder => builder
            .SetMinimumLevel(minimum)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
    }
}
