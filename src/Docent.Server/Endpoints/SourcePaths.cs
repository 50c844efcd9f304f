using Docent.Server.Security;
using Microsoft.AspNetCore.Http;

namespace Docent.Server.Endpoints;

/// <summary>
/// Decides whether a caller may see documents' full paths on the server: only the admin key. Every other caller — read
/// keys, and everyone on a server without keys (it may sit behind a proxy) — sees each document's display source (its
/// path relative to its ingest folder, or an upload's original name). Static; thread-safe.
/// </summary>
internal static class SourcePaths
{
    /// <summary>Whether the request's caller is the admin key.</summary>
    public static bool Visible(HttpContext? context) =>
        context is not null && Credentials.Resolve(context) is { IsAdmin: true } caller && !ReferenceEquals(caller, ApiCaller.Open);
}
