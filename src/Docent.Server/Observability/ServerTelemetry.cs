using Docent.Diagnostics;
using Docent.Hosting;
using Docent.Models;
using Docent.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Docent.Server.Observability;

/// <summary>
/// OpenTelemetry for the server: traces of HTTP requests, the engine's stages ("Docent") and model calls
/// ("Docent.Models"), sent to an OpenTelemetry collector over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or
/// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) is set — read, with the protocol and headers variables, from the host's
/// configuration; metrics of the same plus ASP.NET Core's and the .NET runtime's, exported for Prometheus at
/// <c>/metrics</c> (not yet over OTLP). The resource names the service <c>docent</c> (unless <c>OTEL_SERVICE_NAME</c> says
/// otherwise) with Docent's version. Static.
/// </summary>
public static class ServerTelemetry
{
    /// <summary>The service name the resource carries unless <c>OTEL_SERVICE_NAME</c> names another.</summary>
    public const string ServiceName = "docent";

    /// <summary>Registers tracing and metrics.</summary>
    public static void AddDocentTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        bool Configured(string key) => !string.IsNullOrWhiteSpace(configuration[key]);
        bool traces = Configured("OTEL_EXPORTER_OTLP_ENDPOINT") || Configured("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        foreach (var variable in (string[])["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
        {
            // Checked here, so a typo is one line at start rather than an exception when the exporter is first built.
            if (configuration[variable] is { Length: > 0 } value
                && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                throw new ArgumentException($"{variable} is \"{value}\"; it must be an http:// or https:// address of an OpenTelemetry collector, e.g. http://127.0.0.1:4318.");
            }
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } named ? named : ServiceName, serviceVersion: DocentServer.ProductVersion))
            .WithTracing(tracing =>
            {
                tracing.AddSource(DocentTelemetry.Name, ModelClientFactory.TelemetrySourceName).AddAspNetCoreInstrumentation();
                if (traces)
                {
                    tracing.AddOtlpExporter(otlp => ConfigureOtlp(otlp, configuration, "traces"));
                }
            })
            .WithMetrics(meters => meters
                .AddMeter(DocentTelemetry.Name, ModelClientFactory.TelemetrySourceName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
    }

    /// <summary>
    /// The exporter's endpoint, protocol and headers from the standard variables as the host's configuration holds them: the
    /// signal's own endpoint as given, else the general one (with <c>/v1/{signal}</c> added for HTTP/protobuf, as the
    /// specification says); <c>grpc</c> unless the protocol says <c>http/protobuf</c>.
    /// </summary>
    private static void ConfigureOtlp(OpenTelemetry.Exporter.OtlpExporterOptions otlp, Microsoft.Extensions.Configuration.IConfiguration configuration, string signal)
    {
        var upper = signal.ToUpperInvariant();
        var protocol = configuration[$"OTEL_EXPORTER_OTLP_{upper}_PROTOCOL"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        otlp.Protocol = protocol?.Trim() == "http/protobuf" ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;
        if (configuration[$"OTEL_EXPORTER_OTLP_{upper}_ENDPOINT"] is { Length: > 0 } own)
        {
            otlp.Endpoint = new Uri(own);
        }
        else if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } general)
        {
            otlp.Endpoint = new Uri(otlp.Protocol == OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf ? $"{general.TrimEnd('/')}/v1/{signal}" : general);
        }

        if ((configuration[$"OTEL_EXPORTER_OTLP_{upper}_HEADERS"] ?? configuration["OTEL_EXPORTER_OTLP_HEADERS"]) is { Length: > 0 } headers)
        {
            otlp.Headers = headers;
        }
    }

    /// <summary>Maps the Prometheus scrape endpoint at /metrics.</summary>
    public static void MapDocentMetrics(this Microsoft.AspNetCore.Routing.IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Metrics name no document text, but they do reveal usage: the admin key reads them (any caller when the server is open).
        app.MapPrometheusScrapingEndpoint("/metrics").RequireScope(ApiScope.Admin);
    }
}
