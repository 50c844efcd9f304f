using System.Text.Json;
using Docent.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Docent.Server.Endpoints;

/// <summary>API keys, for the admin key only: create (the secret is returned once), list (no secrets), delete. Static.</summary>
internal static class KeyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys").RequireScope(ApiScope.Admin);
        keys.MapGet("", (ApiKeyStore store) => Results.Ok(store.List().Select(KeyInfo.From).ToList())).WithName("ListKeys");

        keys.MapPost("", (CreateKeyBody body, ApiKeyStore store) =>
        {
            if (store.IsOpen)
            {
                return Problems.Conflict($"This server runs without keys; set {ServerOptions.AdminKeyVariable} and restart to manage keys.");
            }

            var collections = body.Collections.ValueKind switch
            {
                JsonValueKind.String => [body.Collections.GetString()!],
                JsonValueKind.Array => body.Collections.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : "").ToList(),
                _ => new List<string>(),
            };
            try
            {
                var secret = store.Create(body.Name ?? "", collections, body.Scopes ?? [], body.Principals, body.Delegates ?? false);
                var key = store.List().Single(k => k.Name == body.Name);
                return Results.Created($"/api/keys/{key.Name}", new CreatedKeyInfo(key.Name, key.Collections, key.Scopes, key.Created, secret, key.Principals ?? [], key.Delegates));
            }
            catch (ArgumentException ex)
            {
                return Problems.BadRequest(ex.Message);
            }
            catch (InvalidOperationException ex)
            {
                return Problems.Conflict(ex.Message);
            }
        }).WithName("CreateKey");

        keys.MapDelete("/{name}", (string name, ApiKeyStore store) =>
            store.Delete(name) ? Results.NoContent() : Problems.NotFound($"There is no key \"{name}\". GET /api/keys lists them.")).WithName("DeleteKey");
    }
}

/// <summary>
/// The body that creates a key: its name, collections (a list of names, or "*" for all), scopes ("read", "write"), the
/// principals whose documents it reads ("group:hr"; none: only documents without an access list), and whether it is a
/// trusted proxy's key whose requests name the user's principals in the X-Docent-Principals header.
/// </summary>
public sealed record CreateKeyBody(string? Name, JsonElement Collections, IReadOnlyList<string>? Scopes, IReadOnlyList<string>? Principals = null, bool? Delegates = null);

/// <summary>A key as the API lists it: never its secret.</summary>
public sealed record KeyInfo(string Name, IReadOnlyList<string> Collections, IReadOnlyList<string> Scopes, DateTimeOffset Created, IReadOnlyList<string> Principals, bool Delegates)
{
    /// <summary>Maps a stored key (its hash stays behind).</summary>
    public static KeyInfo From(ApiKey key) => new(key.Name, key.Collections, key.Scopes, key.Created, key.Principals ?? [], key.Delegates);
}

/// <summary>A new key with its secret: the only answer that holds it.</summary>
public sealed record CreatedKeyInfo(string Name, IReadOnlyList<string> Collections, IReadOnlyList<string> Scopes, DateTimeOffset Created, string Key, IReadOnlyList<string> Principals, bool Delegates);
