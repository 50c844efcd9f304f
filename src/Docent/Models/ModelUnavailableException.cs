namespace Docent.Models;

/// <summary>
/// A model call failed for a reason outside Docent (server unreachable, HTTP error after retries, timeout,
/// malformed response). The message names the endpoint, the model and the reason; nothing was stored.
/// </summary>
public sealed class ModelUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelUnavailableException(string endpoint, string model, string reason, Exception? inner = null)
        : base($"The model \"{model}\" at {endpoint} failed: {reason}", inner)
    {
        Endpoint = endpoint;
        Model = model;
        Reason = reason;
    }

    /// <summary>The API base URL.</summary>
    public string Endpoint { get; }

    /// <summary>The model name.</summary>
    public string Model { get; }

    /// <summary>What went wrong.</summary>
    public string Reason { get; }

    /// <summary>Turns a provider-level failure into a reason a user can act on; null when <paramref name="exception"/> is not one.</summary>
    internal static string? Describe(Exception exception) => exception switch
    {
        System.ClientModel.ClientResultException { InnerException: HttpRequestException http } => $"could not be reached ({Trim(http.Message)})",
        System.ClientModel.ClientResultException { Status: > 0 } result =>
            $"HTTP {result.Status} ({Trim(result.Message)})" + (result.Status is 429 or >= 500 ? " after retries" : ""),
        System.ClientModel.ClientResultException result => $"no usable response ({Trim(result.Message)})",
        HttpRequestException http => $"could not be reached ({Trim(http.Message)})",
        Polly.Timeout.TimeoutRejectedException => "timed out (raise chat.timeoutSeconds if the model is slow)",
        System.Text.Json.JsonException json => $"sent a malformed response ({Trim(json.Message)})",
        FormatException format => $"sent a malformed response ({Trim(format.Message)})",
        // Reading a response of the wrong shape fails inside the SDK or the JSON reader with these; the
        // decorators that call Describe wrap only the provider, so they mean the response was unusable.
        InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or ArgumentException =>
            $"sent a malformed response ({Trim(exception.Message)})",
        _ => null,
    };

    private static string Trim(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
