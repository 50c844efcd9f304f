using Docent.Hosting;
using Docent.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Docent.Server.Tests;

/// <summary>
/// A Docent server on an in-memory TestServer over a fresh data folder. <see cref="Configure"/> adjusts the engine
/// options of every collection (e.g. to configure a model); <see cref="Client"/> talks to it. Dispose to stop.
/// </summary>
public sealed class ServerFixture : IAsyncDisposable
{
    private ServerFixture(WebApplication app, TempDirectory data)
    {
        App = app;
        Data = data;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public TempDirectory Data { get; }

    public HttpClient Client { get; }

    /// <summary>
    /// Starts a server; <paramref name="configure"/> adjusts each collection's engine options, <paramref name="server"/> the
    /// server's; <paramref name="models"/> (by collection name) lends collections model services such as a fake embedder;
    /// <paramref name="settings"/> gives the server's limits as `docent serve` reads them from settings.
    /// </summary>
    public static async Task<ServerFixture> StartAsync(
        Action<DocentOptions>? configure = null, Action<ServerOptions>? server = null, Func<string, ModelServices?>? models = null,
        ServerSettings? settings = null)
    {
        var data = new TempDirectory();
        var options = new ServerOptions(settings ?? new ServerSettings()) { DataDirectory = data.Path, Urls = "http://127.0.0.1:0" };
        server?.Invoke(options);
        DocentOptions EngineOptions(string directory)
        {
            var engine = new DocentOptions { DataDirectory = directory };
            configure?.Invoke(engine);
            return engine;
        }

        var app = DocentServer.Build(
            options,
            EngineOptions,
            builder =>
            {
                builder.WebHost.UseTestServer();
                if (models is not null)
                {
                    // The last registration wins: a registry that opens folders with the lent model services.
                    builder.Services.AddSingleton(new Collections.CollectionRegistry(options.DataDirectory, EngineOptions, models));
                }
            });
        await app.StartAsync();
        return new ServerFixture(app, data);
    }

    /// <summary>A new client that sends <paramref name="key"/> as "Authorization: Bearer KEY" (null: no key). Dispose it.</summary>
    public HttpClient ClientWithKey(string? key)
    {
        var client = App.GetTestClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Uploads files from samples/handbook to a collection.</summary>
    public async Task<HttpResponseMessage> UploadHandbookAsync(string collection = "default", params string[] names)
    {
        using var form = new MultipartFormDataContent();
        var files = names.Length > 0 ? names : Directory.GetFiles(Path.Combine(RepositoryPaths.Samples, "handbook")).Select(Path.GetFileName).ToArray();
        foreach (var name in files)
        {
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Samples, "handbook", name!))), "files", name!);
        }

        return await Client.PostAsync($"/api/collections/{collection}/documents", form);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Data.Dispose();
    }
}
