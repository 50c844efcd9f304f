using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Docent.Server.Security;

/// <summary>
/// Caps every request body at <see cref="ServerOptions.MaxRequestBodyBytes"/> — uploads at their own limit (the endpoint's
/// <see cref="IRequestSizeLimitMetadata"/>) — answering 413 that names the limit and its setting: at once when the
/// Content-Length says so, else when the server stops reading a longer streamed body (Kestrel enforces the limit set
/// here; a test server does not). Thread-safe.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, ServerOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is { } endpoint && !DocentEndpoint.IsGuarded(endpoint))
        {
            // A hosting application's own endpoint keeps its own limits.
            await next(context);
            return;
        }

        var (limit, upload) = LimitOf(context, options);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength is { } length && length > limit)
        {
            await ApiErrors.Error(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", TooLarge(length, limit, upload, options), "request_too_large")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            // A streamed body cut at the limit: endpoints that bind JSON set 413 and write nothing; say which limit it was.
            await ApiErrors.Error(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", TooLarge(null, limit, upload, options), "request_too_large")
                .ExecuteAsync(context);
        }
    }

    /// <summary>The body limit of the request's endpoint, and whether it is an upload's own (raised) limit.</summary>
    public static (long Limit, bool Upload) LimitOf(HttpContext context, ServerOptions options) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { MaxRequestBodySize: { } raised }
            ? (raised, true)
            : (options.MaxRequestBodyBytes, false);

    /// <summary>The 413 message: the size (when known), the limit, and the setting that raises it.</summary>
    public static string TooLarge(long? length, long limit, bool upload, ServerOptions options)
    {
        var size = length is { } n ? string.Create(CultureInfo.InvariantCulture, $" is {n:N0} bytes,") : " is";
        var raise = upload
            ? $"{ServerOptions.SettingHint("maxUploadBytes")} or {ServerOptions.SettingHint("maxUploadFiles")}"
            : ServerOptions.SettingHint("maxRequestBodyBytes");
        return string.Create(CultureInfo.InvariantCulture, $"The request body{size} over the {limit:N0}-byte limit{(upload ? " for an upload" : "")}: send less, or raise {raise}.");
    }
}
