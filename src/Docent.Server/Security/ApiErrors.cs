using Microsoft.AspNetCore.Http;

namespace Docent.Server.Security;

/// <summary>
/// Error answers in the caller's dialect: OpenAI's <c>{"error":{...}}</c> under /v1, RFC 9457 problem+json
/// elsewhere. Static.
/// </summary>
internal static class ApiErrors
{
    public static IResult Unauthorized(HttpContext context, string detail) => Error(context, StatusCodes.Status401Unauthorized, "Unauthorized", detail, "invalid_api_key");

    public static IResult BadRequest(HttpContext context, string detail) => Error(context, StatusCodes.Status400BadRequest, "Bad request", detail, "invalid_request");

    public static IResult Forbidden(HttpContext context, string detail) => Error(context, StatusCodes.Status403Forbidden, "Forbidden", detail, "insufficient_permissions");

    public static IResult TooManyRequests(HttpContext context, string detail) => Error(context, StatusCodes.Status429TooManyRequests, "Too many requests", detail, "rate_limit_exceeded");

    public static IResult Error(HttpContext context, int status, string title, string detail, string code) =>
        context.Request.Path.StartsWithSegments("/v1")
            ? Results.Json(new { error = new { message = detail, type = code, param = (string?)null, code } }, statusCode: status)
            : Results.Problem(detail, statusCode: status, title: title);
}
