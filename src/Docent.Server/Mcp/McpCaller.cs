using Docent.Access;
using Docent.Hosting;
using Docent.Server.Collections;
using Docent.Server.Endpoints;
using Docent.Server.Security;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;

namespace Docent.Server.Mcp;

/// <summary>
/// Who is calling an MCP tool, resource or prompt, read from the HTTP request that carries it: the collections the key may
/// read and the documents it may read in them (its access scope). Shared by <see cref="DocentTools"/>,
/// <see cref="DocentResources"/> and <see cref="DocentPrompts"/>. Created per call.
/// </summary>
internal sealed class McpCaller(CollectionRegistry registry, HttpContext? context)
{
    /// <summary>Whose documents the caller may read (documents without an access list when the call came without one).</summary>
    public AccessScope Access => context is not null ? ApiAccessConventions.GetAccessScope(context) : AccessScope.Public;

    /// <summary>Whether the caller may see the servers' file paths (the admin).</summary>
    public bool SeesPaths => SourcePaths.Visible(context);

    /// <summary>The collection's name: "default" when left out.</summary>
    public static string NameOf(string? collection) => string.IsNullOrWhiteSpace(collection) ? CollectionRegistry.DefaultName : collection;

    /// <summary>Whether the caller's key may read <paramref name="collection"/> (any collection on a server without keys).</summary>
    public bool MayRead(string collection) =>
        context is null || Credentials.Resolve(context) is not { } caller || caller.Allows(ApiScope.Read, collection);

    /// <summary>The collection, opened, when the caller may read it; otherwise an MCP error naming it.</summary>
    public async Task<DataFolder> OpenAsync(string? collection, CancellationToken cancellationToken)
    {
        var name = NameOf(collection);

        // /mcp needs a read key on some collection; each call also needs it on the collection it names.
        if (context is not null && Credentials.Resolve(context) is { } caller && !caller.Allows(ApiScope.Read, name))
        {
            throw new McpException(caller.Refusal(ApiScope.Read, name));
        }

        return await registry.GetAsync(name, cancellationToken).ConfigureAwait(false)
               ?? throw new McpException($"No collection \"{name}\". Collections: {string.Join(", ", registry.List())}.");
    }
}
