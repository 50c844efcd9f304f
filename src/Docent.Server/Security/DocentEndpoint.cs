using Microsoft.AspNetCore.Http;

namespace Docent.Server.Security;

/// <summary>
/// Endpoint metadata marking what <see cref="DocentServer.MapDocent"/> mapped: Docent's key, scope, rate and body checks apply to
/// these endpoints (and to any carrying an <see cref="ApiAccess"/>), so an application hosting Docent keeps its own endpoints as
/// it made them. Immutable; one instance.
/// </summary>
internal sealed class DocentEndpoint
{
    /// <summary>The marker.</summary>
    public static DocentEndpoint Instance { get; } = new();

    private DocentEndpoint()
    {
    }

    /// <summary>
    /// Whether Docent's checks apply to <paramref name="endpoint"/>: one of Docent's own, or one that declares an
    /// <see cref="ApiAccess"/> (the CLI's cluster endpoints); a request that matched no endpoint is the UI's static files.
    /// </summary>
    public static bool IsGuarded(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<DocentEndpoint>() is not null || endpoint.Metadata.GetMetadata<ApiAccess>() is not null;
}
