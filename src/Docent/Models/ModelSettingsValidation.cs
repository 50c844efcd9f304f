using System.Globalization;

namespace Docent.Models;

/// <summary>Shared checks of model settings, each throwing an <see cref="ArgumentException"/> that names the setting. Static.</summary>
internal static class ModelSettingsValidation
{
    public static void RequireProvider(string section, string provider, params string[] known)
    {
        if (Array.IndexOf(known, provider) < 0)
        {
            throw new ArgumentException($"{section}.provider \"{provider}\" is not known; use {string.Join(" or ", known.Select(k => $"\"{k}\""))}.");
        }
    }

    public static void RequireEndpoint(string section, string? endpoint)
    {
        if (endpoint is not null
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"{section}.endpoint \"{endpoint}\" is not an http(s) URL (example: http://localhost:11434/v1).");
        }
    }

    public static void RequireRange(string name, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it must be between {min} and {max}."));
        }
    }
}
