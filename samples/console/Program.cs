// Docent as a library in a console app: AddDocent, ingest a folder, ask through IChatClient, print the answer and its citations.
//   dotnet run --project samples/console -- [FOLDER] [QUESTION]
// FOLDER defaults to samples/handbook; the data folder is DOCENT_DATA or ./.docent-sample.
using Docent.Agents;
using Docent.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

var folder = args.Length > 0 ? args[0] : new[] { "handbook", "../handbook", "samples/handbook" }.FirstOrDefault(Directory.Exists) ?? "handbook";
var question = args.Length > 1 ? args[1] : "How many days of holiday do I get each year?";

await using var services = new ServiceCollection()
    .AddDocentOnnx()                                           // the built-in embedding model: hybrid search
    .AddDocent(o => o.DataDirectory = Environment.GetEnvironmentVariable("DOCENT_DATA") ?? ".docent-sample")
    .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

var docent = services.GetRequiredService<DocentCollections>();
var report = await docent.IngestAsync([folder]);
Console.WriteLine($"Ingested {folder}: {report.Added} added, {report.Updated} updated, {report.Unchanged} unchanged, {report.Failed.Count} failed.");

var chat = services.GetRequiredKeyedService<IChatClient>(DocentServiceOptions.ServiceKey);
var response = await chat.GetResponseAsync(question);
Console.WriteLine($"Q: {question}");
Console.WriteLine($"A: {response.Text}");
foreach (var citation in response.Messages.SelectMany(m => m.Contents).SelectMany(c => c.Annotations ?? []).OfType<CitationAnnotation>())
{
    Console.WriteLine($"[{citation.AdditionalProperties?["index"]}] {citation.AdditionalProperties?["source"]} ({citation.Title}): \"{citation.Snippet}\"");
}

return response.AdditionalProperties?[DocentChatClient.FoundKey] is true ? 0 : 1;
