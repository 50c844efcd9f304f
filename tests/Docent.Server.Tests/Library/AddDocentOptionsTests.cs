using Docent.Hosting;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Docent.Server.Tests.Library;

/// <summary><c>services.AddDocent(o => …)</c>: the options are checked when the host starts, each problem named.</summary>
public sealed class AddDocentOptionsTests
{
    [Fact]
    public async Task ValidOptionsStartAndOpenTheDataFolder()
    {
        using var data = new TempDirectory();
        using var host = Build(o => o.DataDirectory = data.Path);
        await host.StartAsync();

        var docent = host.Services.GetRequiredService<DocentCollections>();
        Assert.Equal(Path.GetFullPath(data.Path), docent.DataDirectory);
        var folder = await docent.GetAsync();
        Assert.Equal(Path.GetFullPath(data.Path), folder.DataDirectory);
        Assert.Equal(Path.Combine(Path.GetFullPath(data.Path), "collections", "hr"), docent.DirectoryOf("hr"));
        await host.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Theory]
    [InlineData("DataDirectory", "DocentServiceOptions.DataDirectory is empty")]
    [InlineData("DefaultCollection", "DocentServiceOptions.DefaultCollection \"HR Docs\" is not a collection name")]
    [InlineData("Top", "DocentServiceOptions.Top is 0")]
    [InlineData("SearchTop", "DocentServiceOptions.SearchTop is 99")]
    [InlineData("Settings", "are not valid")]
    public async Task ABadOptionStopsTheStartNamingIt(string option, string message)
    {
        using var data = new TempDirectory();
        using var host = Build(o =>
        {
            o.DataDirectory = data.Path;
            switch (option)
            {
                case "DataDirectory": o.DataDirectory = " "; break;
                case "DefaultCollection": o.DefaultCollection = "HR Docs"; break;
                case "Top": o.Top = 0; break;
                case "SearchTop": o.SearchTop = 99; break;
                default: o.Settings["retrieval.mode"] = "sideways"; break;
            }
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Failures);
    }

    [Fact]
    public void TheDocentChatClientIsKeyedSoTheAppsOwnModelKeepsTheUnkeyedSlot()
    {
        using var data = new TempDirectory();
        using var services = new ServiceCollection().AddDocent(o => o.DataDirectory = data.Path).BuildServiceProvider();
        Assert.Null(services.GetService<Microsoft.Extensions.AI.IChatClient>());
        Assert.NotNull(services.GetKeyedService<Microsoft.Extensions.AI.IChatClient>(DocentServiceOptions.ServiceKey));
    }

    private static IHost Build(Action<DocentServiceOptions> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDocent(configure);
        return builder.Build();
    }
}
