using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Docent.Cli.Output;
using Docent.Storage;
using Spectre.Console;

namespace Docent.Cli;

/// <summary>
/// Runs a command body with the CLI's error policy: known fatal errors (newer store, locked folder,
/// bad option values) print one clear message — or one JSON error object with --json — and exit 1.
/// Static; thread-safe.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(bool json, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreVersionException or IOException or UnauthorizedAccessException
                                       or ArgumentException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException
                                       or Docent.Models.ModelUnavailableException or NotSupportedException)
        {
            return Fail(json, ex.Message);
        }
    }

    public static int Fail(bool json, string message)
    {
        if (json)
        {
            WriteJson(new ErrorJson(message), CliJson.Default.ErrorJson);
        }

        Console.Error.WriteLine($"docent: error: {message}");
        return ExitCodes.Fatal;
    }

    public static void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));
    }

    /// <summary>Whether to draw live progress: a terminal, not JSON.</summary>
    public static bool Interactive(bool json) => !json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
}
