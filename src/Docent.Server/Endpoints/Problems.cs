using Microsoft.AspNetCore.Http;

namespace Docent.Server.Endpoints;

/// <summary>RFC 9457 problem+json results that name what was wrong. Static.</summary>
internal static class Problems
{
    public static IResult BadRequest(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static IResult Conflict(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    /// <summary>503: another process holds the collection's write lock (the message names no server path).</summary>
    public static IResult Busy(string collection) => Results.Problem(
        $"Another docent process (for example `docent ingest`) is writing to collection \"{collection}\"; try again when it has finished.",
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Collection busy",
        extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = 5 });

    public static IResult NotFound(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult NoCollection(string name) => NotFound($"There is no collection \"{name}\". GET /api/collections lists them.");
}
