using System.Reflection;
using Docent.Hosting;
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

        // The upload endpoint raises its own body limit (UploadBodyLimit); every other request keeps Kestrel's default.
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(form => form.MultipartBodyLengthLimit = options.UploadBodyLimit);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options);
        // The engine logs through the host's logging (its configuration's "Logging" section decides what is written).
        var localModels = options.LocalModels;
        builder.Services.AddSingleton(services =>
        {
            var loggerFactory = services.GetRequiredService<ILoggerFactory>();
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
        if (options.RequestLog)
        {
            builder.AddDocentRequestLog();
        }

        builder.Services.AddMcpServer(mcp => mcp.ServerInfo = new() { Name = "docent", Version = ProductVersion })
            .WithHttpTransport(http => http.Stateless = true)
            .WithTools<DocentTools>()
            .WithResources<DocentResources>()
            .WithListResourcesHandler(DocentResources.ListAsync)
            .WithPrompts<DocentPrompts>()
            .WithRequestFilters(filters => filters.AddCallToolFilter(Mcp.ToolErrorFilter.Wrap).AddCallToolFilter(Mcp.RequiredArgumentFilter.Wrap))
            .WithMessageFilters(filters => filters.AddIncomingFilter(Mcp.ProtocolVersionNegotiation.Wrap));
        builder.Services.AddHttpContextAccessor();
        if (options.WatchFolders.Count > 0)
        {
            builder.Services.AddHostedService<Collections.FolderWatchService>();
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        if (options.RequestLog)
        {
            app.UseDocentRequestLog();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDocentSecurity(options);
        app.MapOpenApi().AllowAnonymous();
        app.MapDocentMetrics();
        CoreEndpoints.Map(app);
        OpenAIEndpoints.Map(app);
        DocumentEndpoints.Map(app);
        ConversationEndpoints.Map(app);
        KeyEndpoints.Map(app);
        app.MapMcp("/mcp").RequireScope(ApiScope.Read);

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
