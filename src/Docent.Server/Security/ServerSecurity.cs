using System.Globalization;
using System.Threading.RateLimiting;
using Docent.Server.Endpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Docent.Server.Security;

/// <summary>
/// Wires the server's protections: API keys and scopes, the loopback-only rule for a server without keys, per-key
/// rate limits, request body limits, CORS (off unless origins are listed), clear 400s for malformed requests, and the bearer scheme in the
/// OpenAPI document. Static.
/// </summary>
internal static class ServerSecurity
{
    /// <summary>Registers the services; throws <see cref="InvalidOperationException"/> when a server without keys would listen beyond loopback.</summary>
    public static void AddDocentSecurity(this WebApplicationBuilder builder, ServerOptions options)
    {
        var keys = new ApiKeyStore(options.DataDirectory, options.AdminKey);
        var exposed = ListenAddresses.NonLoopback(options.Urls);
        if (keys.IsOpen && exposed.Count > 0)
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {string.Join(", ", exposed)} without API keys: set {ServerOptions.AdminKeyVariable} to a long random secret " +
                "(clients then send it, or keys it creates, as \"Authorization: Bearer KEY\"), or listen on loopback only (http://127.0.0.1:PORT).");
        }

        builder.Services.AddSingleton(keys);
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddExceptionHandler<Endpoints.PartialResultsHandler>();
        builder.Services.AddCors();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var endpoint = context.GetEndpoint();
                if (endpoint is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || !DocentEndpoint.IsGuarded(endpoint))
                {
                    return RateLimitPartition.GetNoLimiter("open");
                }

                // A known key is limited on its own; everyone else (no key, a wrong key, an open server) per client address.
                var caller = Credentials.Resolve(context);
                var partition = caller is not null && caller != ApiCaller.Open ? "key:" + caller.Name : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ApiErrors.TooManyRequests(rejected.HttpContext, $"More than {options.RequestsPerMinute} requests a minute; retry in {seconds} s.")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key, as \"Authorization: Bearer KEY\" (or \"X-Api-Key: KEY\"). A server without keys asks for none.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        }).AddDocentDescriptions());
    }

    /// <summary>Adds the middleware: CORS (when origins are listed), nosniff/no-framing headers, the rate limiter, the key and scope checks, then the body limit.</summary>
    public static void UseDocentSecurity(this WebApplication app, ServerOptions options)
    {
        if (options.CorsOrigins.Count > 0)
        {
            app.UseCors(cors => cors.WithOrigins([.. options.CorsOrigins]).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Retry-After"));
        }

        app.Use((context, next) =>
        {
            // Answers are data, not pages to sniff or frame elsewhere.
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
        app.UseRateLimiter();
        app.UseMiddleware<ApiAccessMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
    }
}
