// Docent's server inside an existing ASP.NET Core app: the Docent endpoints (REST API, /v1, /mcp, browser UI) next to one of
// the app's own, which asks Docent through the IChatClient AddDocent registers.
//   dotnet run --project samples/web -- --urls http://127.0.0.1:5000
// The data folder is DOCENT_DATA or ./.docent-sample (fill it with samples/console, `docent ingest`, or the UI's upload).
using Docent.Hosting;
using Docent.Server;
using Microsoft.Extensions.AI;

var builder = WebApplication.CreateBuilder(args);
var data = Environment.GetEnvironmentVariable("DOCENT_DATA") ?? ".docent-sample";

builder.Services.AddDocent(o => o.DataDirectory = data);
builder.AddDocentServer(new ServerOptions
{
    DataDirectory = data,
    // Where this app listens: a Docent server without API keys must stay on loopback.
    Urls = builder.Configuration["urls"] ?? ServerOptions.DefaultUrl,
});

var app = builder.Build();
app.MapDocent();

// The app's own endpoint: a short answer with its sources.
app.MapGet("/faq", async (string q, [FromKeyedServices(DocentServiceOptions.ServiceKey)] IChatClient docent, CancellationToken ct) =>
{
    var response = await docent.GetResponseAsync(q, cancellationToken: ct);
    var sources = response.Messages.SelectMany(m => m.Contents).SelectMany(c => c.Annotations ?? []).OfType<CitationAnnotation>()
        .Select(c => new { title = c.Title, quote = c.Snippet, source = c.AdditionalProperties?["source"] });
    return Results.Ok(new { answer = response.Text, sources });
});

app.Run();
