using System.Net;
using Microsoft.AspNetCore.Http;

namespace Docent.Server.Security;

/// <summary>Which listen URLs reach beyond this machine. Static.</summary>
internal static class ListenAddresses
{
    /// <summary>The URLs in <paramref name="urls"/> (semicolon-separated) whose host is not loopback (localhost, 127.0.0.0/8, ::1) or a Unix socket.</summary>
    public static IReadOnlyList<string> NonLoopback(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(url => !IsLoopback(url)).ToList();

    private static bool IsLoopback(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false;
        }

        if (address.IsUnixPipe)
        {
            return true;
        }

        var host = address.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
