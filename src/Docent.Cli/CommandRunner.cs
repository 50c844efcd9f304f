using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Docent.Cli.Output;
using Docent.Hosting;
using Docent.Storage;
using Spectre.Console;

namespace Docent.Cli;

/// <summary>
/// Runs a command body with the CLI's error policy: known fatal errors (newer store, locked folder, missing or empty
/// data folder, bad option values) print one clear message — or one JSON error object with --json — and exit 1; with
/// --json even an unexpected error leaves one JSON error object on stdout before it propagates. Static; thread-safe.
/// </summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(bool json, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (DataFolderNotFoundException ex)
        {
            return Fail(json, NoDocumentsMessage(ex.DataDirectory));
        }
        catch (NoDocumentsException ex)
        {
            return Fail(json, ex.Message);
        }
        catch (Exception ex) when (ex is StoreVersionException or IOException or UnauthorizedAccessException
                                       or ArgumentException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException
                                       or Docent.Models.ModelUnavailableException or NotSupportedException)
        {
            return Fail(json, ex.Message);
        }
        catch (Exception ex) when (json && ex is not OperationCanceledException)
        {
            // A script asked for one JSON object: it gets one even now; the error itself still propagates (stack trace on stderr).
            WriteJson(new ErrorJson($"unexpected error: {ex.Message}"), CliJson.Default.ErrorJson);
            throw;
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

    /// <summary>What a reader is told when the data folder is missing or empty, naming the folder as the user gave it.</summary>
    public static string NoDocumentsMessage(string dataDirectory) =>
        $"No documents in {DisplayPath.Escape(AsGiven(dataDirectory))} — run `docent ingest <folder>` first.";

    /// <summary>A relative folder written the way a shell user would type it ("./.docent"); absolute ones unchanged.</summary>
    private static string AsGiven(string directory) =>
        Path.IsPathRooted(directory) || directory is "." or ".." || directory.StartsWith("./", StringComparison.Ordinal)
        || directory.StartsWith("../", StringComparison.Ordinal) || directory.StartsWith(".\\", StringComparison.Ordinal)
        || directory.StartsWith("..\\", StringComparison.Ordinal) || directory.StartsWith('~')
            ? directory
            : "./" + directory;

    /// <summary>
    /// Writes <paramref name="value"/> as one line of JSON. Text outside ASCII ("—", "é", "`") is written as itself, not as
    /// \uXXXX escapes: the reader is a terminal, a file or another program, never an HTML page (quotes and control
    /// characters are still escaped).
    /// </summary>
    public static void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Whether to draw live progress: a terminal, not JSON.</summary>
    public static bool Interactive(bool json) => !json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
}
