using System.CommandLine;
using Docent.Cli.Output;
using Docent.Cluster;
using Docent.Hosting;
using Docent.Server;
using Docent.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Docent.Cli.Commands;

/// <summary>`docent serve`: the HTTP API, OpenAI-compatible endpoints and browser UI over the data folder's collections.</summary>
internal static class ServeCommand
{
    public static Command Create(GlobalOptions global)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen. Loopback only by default.", DefaultValueFactory = _ => ServerOptions.DefaultUrl, HelpName = "URL" };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Join a cluster as a silo; collections become shards spread over the silos. MEMBERSHIP: localhost (silos on this machine, the one on port 11111 keeps the membership), localhost:PORT, or redis://HOST:PORT.",
            HelpName = "MEMBERSHIP",
        };
        var shards = new Option<int>("--shards") { Description = "Shards per collection in a cluster (fixed when a collection is first used).", DefaultValueFactory = _ => 8, HelpName = "N" };
        var siloPort = new Option<int>("--silo-port") { Description = "The port this silo talks to other silos on.", DefaultValueFactory = _ => ClusterMembership.DefaultPrimaryPort, HelpName = "PORT" };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "The port cluster clients reach this silo on.", DefaultValueFactory = _ => 30000, HelpName = "PORT" };
        var shardRoot = new Option<string?>("--shard-root") { Description = "Where the shards live; every silo must reach the same folder. Default: DATA/shards.", HelpName = "DIR" };
        var clusterId = new Option<string>("--cluster-id") { Description = "The cluster's name; silos join only their own.", DefaultValueFactory = _ => "docent", HelpName = "ID" };
        var watch = new Option<string[]>("--watch")
        {
            Description = "Keep the data folder (the collection \"default\") in sync with this folder while serving, as `docent watch` does; repeat for more folders.",
            HelpName = "DIR",
        };
        var command = new Command("serve", """
            Serve the data folder over HTTP: a browser UI at /, a REST API under /api (OpenAPI at /openapi/v1.json), and OpenAI-compatible endpoints under /v1 where each collection is a "model". The data folder itself is the collection "default".

            Security: with no keys the server asks for none and listens on loopback only. Set DOCENT_SERVER__ADMINKEY to a long random secret to require keys (send "Authorization: Bearer KEY"); the admin creates scoped keys with POST /api/keys. DOCENT_SERVER__CORSORIGINS (comma-separated) allows browser origins.

            Limits are settings (settings.json "server" section, DOCENT_SERVER__* variables or --set): requestsPerMinute (120), maxRequestBodyBytes (1 MiB), maxQuestionLength (4000), maxMessages (100), maxMessageLength (8000), maxUploadBytes (64 MiB), maxUploadFiles (20). E.g. DOCENT_SERVER__REQUESTSPERMINUTE=600 docent serve.

            Repeated one-off questions are answered from an in-memory answer cache that any upload, delete or access change invalidates: server.answerCacheEntries (1000; 0 turns it off). Set audit.path (e.g. audit.jsonl, in the data folder) to record who asked what and which documents were cited, rotated at audit.maxFileMb (10), keeping audit.keepFiles (5).

            Examples:
              docent serve                                   # http://127.0.0.1:5217
              docent serve --data ./team-docs --urls http://127.0.0.1:8080
              docent serve --watch ./handbook                # the collection follows ./handbook as files change
              curl http://127.0.0.1:5217/v1/chat/completions -H 'content-type: application/json' -d '{"model":"default","messages":[{"role":"user","content":"What is the travel policy?"}]}'

            Cluster: with --cluster, this process is also an Orleans silo. Every collection is split into --shards shards (each a full data folder under --shard-root), spread over the silos and moved to a live one when a silo is lost; searches and answers cover every shard and rank exactly as one data folder would. Upload, search and ask through any silo. See docs/scaling.md.
              docent serve --cluster localhost                                                   # the first silo (port 11111)
              docent serve --cluster localhost --silo-port 11112 --gateway-port 30001 --urls http://127.0.0.1:5218
              docent serve --cluster redis://127.0.0.1:6379 --shard-root /mnt/shared/docent      # membership in Redis
            """)
        {
            urls,
            cluster,
            shards,
            siloPort,
            gatewayPort,
            shardRoot,
            clusterId,
            watch,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var dataDirectory = global.DataDirectory(parse);
                SiloOptions? silo;
                try
                {
                    silo = parse.GetValue(cluster) is { } membership
                        ? ClusterSilo(ClusterMembership.Parse(membership), parse.GetValue(clusterId)!, parse.GetValue(siloPort), parse.GetValue(gatewayPort),
                            Path.GetFullPath(parse.GetValue(shardRoot) ?? Path.Combine(dataDirectory, "shards")), directory => global.ToDocentOptions(parse, directory))
                        : null;
                    silo?.Validate();
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException)
                {
                    return CommandRunner.Fail(json, ex.Message);
                }

                int shardCount = parse.GetValue(shards);
                if (shardCount is < 1 or > ShardKey.MaxShards)
                {
                    return CommandRunner.Fail(json, $"--shards must be between 1 and {ShardKey.MaxShards}.");
                }

                var watched = parse.GetValue(watch) ?? [];
                if (watched.FirstOrDefault(folder => !Directory.Exists(folder)) is { } missing)
                {
                    return CommandRunner.Fail(json, $"Cannot watch {DisplayPath.Escape(missing)}: no such folder.");
                }

                // One coordinator per collection: the data folder and the cluster endpoints share it.
                var sharded = new System.Collections.Concurrent.ConcurrentDictionary<string, ShardedCollection>(StringComparer.Ordinal);

                // The limits come from the data folder's settings (settings.json "server", DOCENT_SERVER__*, --set server.x=…).
                var loaded = global.LoadSettings(parse).Settings;
                var options = new ServerOptions(loaded.Server)
                {
                    Audit = loaded.Audit,
                    RemoteCollections = silo is null
                        ? null
                        : (services, name) => sharded.GetOrAdd(name, n => new ShardedCollection(
                            services.GetRequiredService<IGrainFactory>(), n, shardCount, new MultilingualAnalyzer(), new ShardedCollectionOptions(),
                            services.GetService<ILogger<ShardedCollection>>())),
                    LocalModels = CliServices.LocalModels,
                    DataDirectory = dataDirectory,
                    WatchFolders = watched.Select(Path.GetFullPath).ToList(),
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

                            if (watched.Length > 0 && !verbose)
                            {
                                // What the watch did to the collection is worth seeing by default: one line per sync.
                                builder.Logging.AddFilter(typeof(Docent.Server.DocentServer).Namespace + ".Collections.FolderWatchService", LogLevel.Information);
                            }

                            if (silo is not null)
                            {
                                builder.AddDocentSilo(silo);
                                if (!verbose)
                                {
                                    // Orleans' own log (ServerGC advice, a lost silo's probe failures, start failures, each with a stack
                                    // trace) only with --verbose; Docent logs what a cluster did to a search or an ingest (events 5000s).
                                    builder.Logging.AddFilter("Orleans", LogLevel.Critical);
                                }
                            }
                        });
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
                {
                    // E.g. a server without keys asked to listen beyond loopback: one clear line, no stack trace.
                    return CommandRunner.Fail(json, ex.Message);
                }

                if (silo is not null)
                {
                    ClusterEndpoints.Map(app, sharded);
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
                catch (Exception ex) when (silo is not null && ex is not OperationCanceledException)
                {
                    // No membership store, another silo on the port, a primary silo that is not there: one line, not a stack trace.
                    var cause = ex;
                    while (cause.InnerException is not null)
                    {
                        cause = cause.InnerException;
                    }

                    try
                    {
                        await app.DisposeAsync();
                    }
                    catch (Exception disposeError) when (disposeError is not OperationCanceledException)
                    {
                        // The silo failed half-started; its teardown may fail the same way. The cause is reported below.
                    }

                    return CommandRunner.Fail(json,
                        $"Could not join the cluster ({silo.Membership}, silo port {silo.SiloPort}, gateway port {silo.GatewayPort}): {cause.Message.Split('\n')[0].Trim()}");
                }

                Console.Error.WriteLine($"Docent is serving {DisplayPath.Escape(Path.GetFullPath(options.DataDirectory))} at {string.Join(", ", app.Urls)} (Ctrl+C stops).");
                if (watched.Length > 0)
                {
                    Console.Error.WriteLine($"It keeps the collection \"default\" in sync with {string.Join(", ", watched.Select(DisplayPath.Escape))} (changes are logged).");
                }

                if (silo is not null)
                {
                    Console.Error.WriteLine(
                        $"It is silo {silo.AdvertisedAddress}:{silo.SiloPort} of cluster \"{silo.ClusterId}\" ({silo.Membership}); collections are {shardCount} shards under {DisplayPath.Escape(silo.Shards.DataRoot)}.");
                }
                await app.WaitForShutdownAsync(cancellationToken);
                return ExitCodes.Success;
            });
        });

        return command;
    }

    /// <summary>The silo settings of <c>--cluster</c>: shards under <paramref name="shardRoot"/>, each opened with the settings its folder (and the command line) give.</summary>
    private static SiloOptions ClusterSilo(
        ClusterMembership membership, string clusterId, int siloPort, int gatewayPort, string shardRoot, Func<string, DocentOptions> folderOptions) => new()
        {
            Membership = membership,
            ClusterId = clusterId,
            SiloPort = siloPort,
            GatewayPort = gatewayPort,
            Shards = new ShardHostOptions
            {
                DataRoot = shardRoot,
                FolderOptions = folderOptions,
                Services = _ => new ModelServices { LocalModels = CliServices.LocalModels },
            },
        };

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
