using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Docent.Server.Tests;

/// <summary>
/// With the standard OTEL_* settings the server exports its traces and metrics over OTLP (HTTP/protobuf here) to a collector —
/// a tiny receiver on a loopback port in this test — naming the service "docent" with Docent's version.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Traces_ReachAnOtlpReceiver_NamingTheService()
    {
        var received = new ConcurrentBag<(string Path, byte[] Body)>();
        await using var receiver = await StartReceiverAsync(received);

        await using var server = await ServerFixture.StartAsync(server: o => o.Configuration = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Urls.First(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        // The server's span for a request ends after the client has its response, so the test names the trace (W3C
        // traceparent) and waits for that span to end before flushing; this listener is added after the server's own, so
        // by the time it hears the end the exporter's processor already holds the span.
        var traceId = ActivityTraceId.CreateRandom();
        var requestSpanEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    requestSpanEnded.TrySetResult();
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/collections");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        (await server.Client.SendAsync(request)).EnsureSuccessStatusCode();
        await requestSpanEnded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(server.App.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));

        var traces = received.Where(r => r.Path == "/v1/traces").Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        Assert.NotEmpty(traces);
        foreach (var body in traces)
        {
            Assert.Contains("service.name", body, StringComparison.Ordinal);
            Assert.Contains("docent", body, StringComparison.Ordinal);
            Assert.Contains(DocentServer.ProductVersion, body, StringComparison.Ordinal);
        }

        Assert.Contains(traces, t => t.Contains("/api/collections", StringComparison.Ordinal));
        await receiver.StopAsync();
    }

    [Fact]
    public async Task Metrics_ReachAnOtlpReceiver_WhenTheMeterProviderFlushes_BesideTraces()
    {
        var received = new ConcurrentBag<(string Path, byte[] Body)>();
        await using var receiver = await StartReceiverAsync(received);
        await using var server = await ServerFixture.StartAsync(server: o => o.Configuration = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Urls.First(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });

        (await server.Client.GetAsync("/api/collections")).EnsureSuccessStatusCode();
        // The periodic reader would export within a minute (OTEL_METRIC_EXPORT_INTERVAL); a flush exports now, the OTLP
        // exporter posting before the flush returns. The flush reports false all the same: the Prometheus reader beside it
        // exports only when /metrics is scraped and cannot be flushed.
        server.App.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);

        var metrics = received.Where(r => r.Path == "/v1/metrics").Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        Assert.NotEmpty(metrics);
        Assert.All(metrics, body => Assert.Contains(DocentServer.ProductVersion, body, StringComparison.Ordinal));
        // The request's duration is recorded as its span ends, which may be after the flush; its active-requests count
        // is recorded as it starts.
        Assert.Contains(metrics, m => m.Contains("http.server.active_requests", StringComparison.Ordinal));
        Assert.Contains(metrics, m => m.Contains("dotnet.gc.collections", StringComparison.Ordinal));

        // Each signal keeps its own endpoint: no traces arrive at /v1/metrics, none of the metrics at /v1/traces.
        Assert.True(server.App.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.DoesNotContain(received, r => r.Path == "/v1/traces" && Encoding.UTF8.GetString(r.Body).Contains("http.server.request.duration", StringComparison.Ordinal));
        Assert.All(metrics, body => Assert.DoesNotContain("\"GET /api/collections\"", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OtelMetricsExporterNone_SendsNoMetrics_ButStillTraces()
    {
        var received = new ConcurrentBag<(string Path, byte[] Body)>();
        var tracesArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await StartReceiverAsync(received, (path, _) =>
        {
            if (path == "/v1/traces")
            {
                tracesArrived.TrySetResult();
            }
        });
        await using var server = await ServerFixture.StartAsync(server: o => o.Configuration = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Urls.First(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRICS_EXPORTER"] = "none",
        });

        (await server.Client.GetAsync("/api/collections")).EnsureSuccessStatusCode();
        server.App.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);

        // The request's span may end just after the client has its response (see the traces test), so a flush can come
        // too early; the batch processor then sends it within its own delay (5 s), which the receiver reports.
        server.App.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000);
        await tracesArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(received, r => r.Path == "/v1/metrics");
        Assert.Contains("dotnet_gc_collections_total", await server.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AreSentEveryExportInterval_WithoutAFlush()
    {
        var received = new ConcurrentBag<(string Path, byte[] Body)>();
        var metricsArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await StartReceiverAsync(received, (path, _) =>
        {
            if (path == "/v1/metrics")
            {
                metricsArrived.TrySetResult();
            }
        });
        await using var server = await ServerFixture.StartAsync(server: o => o.Configuration = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = receiver.Urls.First() + "/v1/metrics",
            ["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });

        // Within the test's bound only because the interval is 200 ms rather than the default minute.
        await metricsArrived.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.DoesNotContain(received, r => r.Path == "/v1/traces");
    }

    [Fact]
    public async Task LogRecords_ReachAnOtlpReceiver()
    {
        var received = new ConcurrentBag<(string Path, byte[] Body)>();
        var lineArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await StartReceiverAsync(received, (path, body) =>
        {
            if (path == "/v1/logs" && body.Contains("/api/collections/nope/documents", StringComparison.Ordinal))
            {
                lineArrived.TrySetResult();
            }
        });
        await using var server = await ServerFixture.StartAsync(
            server: o => o.Configuration = new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Urls.First(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            },
            settings: new Docent.Hosting.ServerSettings { RequestLog = true });

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/collections/nope/documents")).StatusCode);
        // The request log writes its line as the request's pipeline ends, which may be just after the client has the response:
        // a flush may come too early, and the batch processor then sends the line within its own delay (5 s).
        server.App.Services.GetRequiredService<LoggerProvider>().ForceFlush(10_000);
        await lineArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The request log's line for that request (an Information line the request log lets through).
        var logs = received.Where(r => r.Path == "/v1/logs").Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        Assert.Contains(logs, l => l.Contains("/api/collections/nope/documents", StringComparison.Ordinal) && l.Contains("Docent.Server.RequestLog", StringComparison.Ordinal));
        Assert.All(logs, l => Assert.Contains(DocentServer.ProductVersion, l, StringComparison.Ordinal));
    }

    /// <summary>A tiny OTLP/HTTP receiver on a loopback port that keeps what is posted to /v1/{signal} (and tells <paramref name="posted"/>).</summary>
    private static async Task<WebApplication> StartReceiverAsync(ConcurrentBag<(string Path, byte[] Body)> received, Action<string, string>? posted = null)
    {
        var receiverBuilder = WebApplication.CreateSlimBuilder();
        receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = receiverBuilder.Build();
        receiver.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Add((context.Request.Path.Value!, body.ToArray()));
            posted?.Invoke(context.Request.Path.Value!, Encoding.UTF8.GetString(body.ToArray()));
            return Results.Ok();
        });
        await receiver.StartAsync();
        return receiver;
    }

    [Fact]
    public async Task Metrics_IncludeTheRuntimesAndTheProcess()
    {
        await using var server = await ServerFixture.StartAsync();
        (await server.Client.GetAsync("/api/collections")).EnsureSuccessStatusCode();
        var transport = new ModelContextProtocol.Client.HttpClientTransport(
            new ModelContextProtocol.Client.HttpClientTransportOptions { Endpoint = new Uri(server.Client.BaseAddress!, "/mcp"), TransportMode = ModelContextProtocol.Client.HttpTransportMode.StreamableHttp },
            server.Client,
            ownsHttpClient: false);
        await using (var mcp = await ModelContextProtocol.Client.McpClient.CreateAsync(transport))
        {
            await mcp.ListToolsAsync();
        }

        var scrape = await server.Client.GetStringAsync("/metrics");

        Assert.Contains("dotnet_gc_collections_total", scrape, StringComparison.Ordinal);
        Assert.Contains("dotnet_process_memory_working_set_bytes", scrape, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", scrape, StringComparison.Ordinal);
        Assert.Contains("mcp_server_operation_duration", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedCollectorAddress_IsRefusedAtStartNamingTheVariable()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ServerFixture.StartAsync(server: o => o.Configuration = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector:4318",
        }));

        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT is \"collector:4318\"", error.Message, StringComparison.Ordinal);
    }
}
