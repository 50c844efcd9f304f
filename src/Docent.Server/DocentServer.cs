using System.Reflection;
using Docent.Hosting;
using Docent.Models;
using Docent.Server.Collections;
using Docent.Server.Endpoints;
using Docent.Server.Mcp;
using Docent.Server.Observability;
using Docent.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Docent.Server;

/// <summary>
/// Builds the Docent web application: the REST API, the OpenAI-compatible endpoints, the MCP server (/mcp) and the browser UI over the
/// collections of one data folder. Static; the application it returns is thread-safe.
/// </summary>
public static class DocentServer
{
    /// <summary>Docent's version as people know it ("0.1.0", without the commit the build adds): what MCP clients are told.</summary>
    public static string ProductVersion { get; } =
        (typeof(DocentServer).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>
    /// The application for <paramref name="options"/>; <paramref name="engineOptions"/> gives the engine options of a
    /// collection's data folder (settings loaded from it); <paramref name="configure"/> lets tests and hosts adjust services.
    /// A standalone host around <see cref="AddDocentServer(WebApplicationBuilder, ServerOptions, Func{string, DocentOptions}?)"/> and
    /// <see cref="MapDocent"/>: it listens on <see cref="ServerOptions.Urls"/> and logs warnings and above.
    /// </summary>
    public static WebApplication Build(ServerOptions options, Func<string, DocentOptions> engineOptions, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engineOptions);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        if (options.Configuration is { } configuration)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDocentServer(options, engineOptions);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDocent();
        return app;
    }

    /// <summary>
    /// Registers the Docent server's services in an ASP.NET Core application (then call <see cref="MapDocent"/>): the collections
    /// of <see cref="ServerOptions.DataDirectory"/>, API keys, rate limits, OpenTelemetry, OpenAPI and the MCP server.
    /// <paramref name="engineOptions"/> gives a collection folder's engine options (null: its settings.json, user secrets and
    /// <c>DOCENT_*</c> variables, as <c>docent serve</c> reads them). In-process models come from <see cref="ServerOptions.LocalModels"/>,
    /// else from an <see cref="ILocalModelProvider"/> in the services (Docent.Models.Onnx's <c>AddDocentOnnx()</c>).
    /// <see cref="ServerOptions.Urls"/> should name where the application listens: without API keys it must be loopback only.
    /// </summary>
    public static WebApplicationBuilder AddDocentServer(this WebApplicationBuilder builder, ServerOptions options, Func<string, DocentOptions>? engineOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        engineOptions ??= directory => new DocentOptions { DataDirectory = directory, Settings = DocentSettingsLoader.Load(directory).Settings };

        // The upload endpoint raises its own body limit (UploadBodyLimit); every other request keeps Kestrel's default.
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(form => form.MultipartBodyLengthLimit = options.UploadBodyLimit);
        builder.Services.AddSingleton(options);
        // The engine logs through the host's logging (its configuration's "Logging" section decides what is written).
        builder.Services.AddSingleton(services =>
        {
            var loggerFactory = services.GetRequiredService<ILoggerFactory>();
            var localModels = options.LocalModels ?? services.GetService<ILocalModelProvider>();
            var remote = options.RemoteCollections;
            return new CollectionRegistry(
                options.DataDirectory, engineOptions,
                localModels is null && remote is null
                    ? null
                    : name => new ModelServices { LocalModels = localModels, LoggerFactory = loggerFactory, RemoteCollection = remote?.Invoke(services, name) },
                loggerFactory);
        });
        builder.Services.AddSingleton(services => new ServerAsking(options, services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddProblemDetails();
        builder.AddDocentSecurity(options);
        builder.AddDocentTelemetry();
        builder.Services.AddMcpServer(mcp => mcp.ServerInfo = new() { Name = "docent", Version = ProductVersion })
            .WithHttpTransport(http => http.Stateless = true)
            .WithTools<DocentTools>()
            .WithRequestFilters(filters => filters.AddCallToolFilter(Mcp.RequiredArgumentFilter.Wrap));
        builder.Services.AddHttpContextAccessor();
        if (options.WatchFolders.Count > 0)
        {
            builder.Services.AddHostedService<Collections.FolderWatchService>();
        }

        return builder;
    }

    /// <summary>
    /// Adds Docent's middleware (error pages, API keys and scopes, rate limits, body limits) and maps its endpoints — the REST API
    /// under /api, the OpenAI-compatible /v1, /mcp, /health, /metrics, /openapi/v1.json — and the browser UI at the root, into an
    /// application whose builder called <see cref="AddDocentServer(WebApplicationBuilder, ServerOptions, Func{string, DocentOptions}?)"/>.
    /// The application's own endpoints are left to it: Docent's keys, scopes and limits apply to Docent's endpoints.
    /// </summary>
    public static WebApplication MapDocent(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetService<ServerOptions>()
                      ?? throw new InvalidOperationException("MapDocent needs the Docent server's services: call builder.AddDocentServer(options) before builder.Build().");
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDocentSecurity(options);
        // Everything mapped here is Docent's (DocentEndpoint): the key, scope, rate and body checks apply to it; the
        // operations' OpenAPI descriptions come from one table (ApiDocumentation), applied once the endpoints are named.
        var docent = app.MapGroup("").WithMetadata(DocentEndpoint.Instance);
        docent.MapOpenApi().AllowAnonymous();
        docent.MapApiReference();
        docent.MapDocentMetrics();
        CoreEndpoints.Map(docent);
        OpenAIEndpoints.Map(docent);
        DocumentEndpoints.Map(docent);
        ConversationEndpoints.Map(docent);
        FeedbackEndpoints.Map(docent);
        KeyEndpoints.Map(docent);
        docent.MapMcp("/mcp").RequireScope(ApiScope.Read);
        ((IEndpointConventionBuilder)docent).Finally(ApiDocumentation.Describe);

        var ui = new ManifestOrEmbeddedFiles(typeof(DocentServer).Assembly);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = ui.Provider });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = ui.Provider });
        return app;
    }

    /// <summary>The UI files embedded in the assembly under wwwroot/.</summary>
    private sealed class ManifestOrEmbeddedFiles(Assembly assembly)
    {
        public IFileProvider Provider { get; } = new EmbeddedFileProvider(assembly, "Docent.Server.wwwroot");
    }
}
