using Docent.Hosting;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Docent.Server.Tests.Library;

/// <summary>
/// The sample handbook ingested once through <c>services.AddDocent()</c> into a fresh data folder (lexical retrieval: no
/// embedding runtime registered), shared by the library tests. Disposed after them.
/// </summary>
public sealed class HandbookLibraryFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public ServiceProvider Services { get; private set; } = null!;

    public DocentCollections Docent => Services.GetRequiredService<DocentCollections>();

    public async Task InitializeAsync()
    {
        Services = new ServiceCollection().AddLogging().AddDocent(o => o.DataDirectory = _data.Path).BuildServiceProvider();
        var report = await Docent.IngestAsync([Path.Combine(RepositoryPaths.Samples, "handbook")]);
        Assert.Equal(7, report.Added);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
