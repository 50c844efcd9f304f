using Docent.Diagnostics;
using Docent.Hosting;
using Docent.Models;
using Docent.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Docent.Server.Observability;

/// <summary>
/// OpenTelemetry for the server: traces of HTTP requests, the engine's stages ("Docent") and model calls
/// ("Docent.Models"); metrics of the same plus ASP.NET Core's, exported for Prometheus at <c>/metrics</c>. An OTLP
/// exporter can be added by the host through the usual OpenTelemetry configuration. Static.
/// </summary>
public static class ServerTelemetry
{
    /// <summary>Registers tracing and metrics.</summary>
    public static void AddDocentTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(DocentTelemetry.Name, ModelClientFactory.TelemetrySourceName)
                .AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(DocentTelemetry.Name, ModelClientFactory.TelemetrySourceName)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
    }

    /// <summary>Maps the Prometheus scrape endpoint at /metrics.</summary>
    public static void MapDocentMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Metrics name no document text, but they do reveal usage: the admin key reads them (any caller when the server is open).
        app.MapPrometheusScrapingEndpoint("/metrics").RequireScope(ApiScope.Admin);
    }
}
