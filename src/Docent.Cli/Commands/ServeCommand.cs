using System.CommandLine;
using Docent.Cli.Output;
using Docent.Hosting;
using Docent.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Docent.Cli.Commands;

/// <summary>`docent serve`: the HTTP API, OpenAI-compatible endpoints and browser UI over the data folder's collections.</summary>
internal static class ServeCommand
{
    public static Command Create(GlobalOptions global)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen. Loopback only by default.", DefaultValueFactory = _ => ServerOptions.DefaultUrl, HelpName = "URL" };
        var command = new Command("serve", """
            Serve the data folder over HTTP: a browser UI at /, a REST API under /api (OpenAPI at /openapi/v1.json), and OpenAI-compatible endpoints under /v1 where each collection is a "model". The data folder itself is the collection "default".

            Security: with no keys the server asks for none and listens on loopback only. Set DOCENT_SERVER__ADMINKEY to a long random secret to require keys (send "Authorization: Bearer KEY"); the admin creates scoped keys with POST /api/keys. DOCENT_SERVER__CORSORIGINS (comma-separated) allows browser origins.

            Limits are settings (settings.json "server" section, DOCENT_SERVER__* variables or --set): requestsPerMinute (120), maxRequestBodyBytes (1 MiB), maxQuestionLength (4000), maxMessages (100), maxMessageLength (8000), maxUploadBytes (64 MiB), maxUploadFiles (20). E.g. DOCENT_SERVER__REQUESTSPERMINUTE=600 docent serve.

            Examples:
              docent serve                                   # http://127.0.0.1:5217
              docent serve --data ./team-docs --urls http://127.0.0.1:8080
              curl http://127.0.0.1:5217/v1/chat/completions -H 'content-type: application/json' -d '{"model":"default","messages":[{"role":"user","content":"What is the travel policy?"}]}'
            """)
        {
            urls,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                // The limits come from the data folder's settings (settings.json "server", DOCENT_SERVER__*, --set server.x=…).
                var options = new ServerOptions(global.LoadSettings(parse).Settings.Server)
                {
                    LocalModels = CliServices.LocalModels,
                    DataDirectory = global.DataDirectory(parse),
                    Urls = parse.GetValue(urls)!,
                    AdminKey = Environment.GetEnvironmentVariable(ServerOptions.AdminKeyVariable) is { Length: > 0 } key ? key : null,
                    CorsOrigins = (Environment.GetEnvironmentVariable(ServerOptions.CorsOriginsVariable) ?? "")
                        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                };
                // Fail on bad settings now, not on the first request.
                global.ToDocentOptions(parse);
                WebApplication app;
                try
                {
                    // --verbose: Docent's own events at Debug in the server's log (ASP.NET Core's stay at their configured level).
                    var verbose = parse.GetValue(global.Verbose);
                    app = DocentServer.Build(
                        options,
                        directory => global.ToDocentOptions(parse, directory),
                        builder =>
                        {
                            // A failed start (a busy port) is reported below in one line; the host's own log of it is a stack trace.
                            builder.Logging.AddFilter(HostLogCategory, LogLevel.Critical);
                            if (verbose)
                            {
                                builder.Logging.AddFilter("Docent", LogLevel.Debug);
                            }
                        });
                }
                catch (InvalidOperationException ex)
                {
                    // E.g. a server without keys asked to listen beyond loopback: one clear line, no stack trace.
                    return CommandRunner.Fail(json, ex.Message);
                }

                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (IOException ex) when (ex.InnerException is AddressInUseException)
                {
                    await app.DisposeAsync();
                    return CommandRunner.Fail(json, BusyAddressMessage(options.Urls));
                }

                Console.Error.WriteLine($"Docent is serving {DisplayPath.Escape(Path.GetFullPath(options.DataDirectory))} at {string.Join(", ", app.Urls)} (Ctrl+C stops).");
                await app.WaitForShutdownAsync(cancellationToken);
                return ExitCodes.Success;
            });
        });

        return command;
    }

    /// <summary>The category the generic host logs a failed start under.</summary>
    private const string HostLogCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private static string BusyAddressMessage(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? urls;
        var example = Uri.TryCreate(first, UriKind.Absolute, out var uri) && uri.Port is > 0 and < 65535
            ? new UriBuilder(uri) { Port = uri.Port + 1 }.Uri.GetLeftPart(UriPartial.Authority)
            : "http://127.0.0.1:5218";
        return $"Cannot listen on {urls}: the address is already in use (another docent serve, or another program). " +
               $"Stop it, or choose another port with --urls, e.g. --urls {example}";
    }
}
