using System.Net;
using System.Net.Http.Headers;
using Docent.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Docent.Server.Tests.Library;

/// <summary><c>builder.AddDocentServer(…)</c> and <c>app.MapDocent()</c> inside a plain ASP.NET Core application with endpoints of its own.</summary>
public sealed class MapDocentTests
{
    private const string AdminKey = "admin-key-0123456789abcdef";

    [Fact]
    public async Task DocentEndpointsAnswerBesideTheAppsOwnWhichKeepTheirRules()
    {
        using var data = new TempDirectory();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.AddDocentServer(new ServerOptions { DataDirectory = data.Path, AdminKey = AdminKey });
        await using var app = builder.Build();
        app.MapGet("/hello", () => "hello from the app");
        app.MapPost("/echo", async (HttpRequest request) => (await new StreamReader(request.Body).ReadToEndAsync()).Length);
        app.MapDocent();
        await app.StartAsync();
        using var client = app.GetTestClient();

        // Docent's API asks for its key...
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/collections")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/collections");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var collections = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, collections.StatusCode);
        Assert.Contains("\"default\"", await collections.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // ...while the application's own endpoints keep theirs: no key, and no Docent body limit (1 MiB by default).
        Assert.Equal("hello from the app", await client.GetStringAsync("/hello"));
        using var echo = await client.PostAsync("/echo", new StringContent(new string('x', 2 << 20)));
        Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
        Assert.Equal((2 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), await echo.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task MapDocentWithoutTheServicesSaysWhatIsMissing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        var error = Assert.Throws<InvalidOperationException>(() => app.MapDocent());
        Assert.Contains("AddDocentServer", error.Message, StringComparison.Ordinal);
    }
}
