using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Safety;

namespace Docent.Server.Tests;

/// <summary>
/// pii.redact through the API: the documents list says what was redacted or found per document, and with "answers" the
/// search and ask endpoints return no original while the stored text keeps it.
/// </summary>
public sealed class PiiRedactionApiTests
{
    private const string Sheet = "# Refunds\n\nWrite to alice.jansen@example.org about the refund. The refund goes to IBAN NL91ABNA0417164300 by Friday.\n";

    private static async Task<JsonNode> UploadAsync(ServerFixture server)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(Sheet)), "files", "refunds.md" } };
        (await server.Client.PostAsync("/api/collections/default/documents", form)).EnsureSuccessStatusCode();
        var documents = await server.Client.GetFromJsonAsync<JsonArray>("/api/collections/default/documents");
        return Assert.Single(documents!)!;
    }

    [Fact]
    public async Task Stored_mode_lists_what_was_redacted_per_document()
    {
        await using var server = await ServerFixture.StartAsync(o => o.Settings.Pii = new PiiSettings { Redact = PiiRedactionMode.Stored });

        var document = await UploadAsync(server);

        Assert.Equal("PII redacted: 1 e-mail address, 1 IBAN", document["pii"]!.GetValue<string>());
        var pii = document["quality"]!["pii"]!;
        Assert.Equal("stored", pii["mode"]!.GetValue<string>());
        Assert.Equal(1, pii["counts"]!["iban"]!.GetValue<int>());
        var search = await server.Client.GetStringAsync("/api/collections/default/search?q=refund+IBAN");
        Assert.Contains("[IBAN]", search, StringComparison.Ordinal);
        Assert.DoesNotContain("NL91ABNA0417164300", search, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_mode_redacts_search_and_ask_and_says_what_was_found()
    {
        await using var server = await ServerFixture.StartAsync(o => o.Settings.Pii = new PiiSettings { Redact = PiiRedactionMode.Answers });

        var document = await UploadAsync(server);

        Assert.Equal("PII found (redacted in answers): 1 e-mail address, 1 IBAN", document["pii"]!.GetValue<string>());
        var search = await server.Client.GetStringAsync("/api/collections/default/search?q=jansen+refund");
        Assert.Contains("Write to [email] about the refund", search, StringComparison.Ordinal);
        var ask = await server.Client.PostAsJsonAsync("/api/collections/default/ask", new { question = "Where does the refund go?" });
        var answer = await ask.Content.ReadAsStringAsync();
        Assert.Contains("[IBAN]", answer, StringComparison.Ordinal);
        foreach (var original in new[] { "alice.jansen@example.org", "NL91ABNA0417164300" })
        {
            Assert.DoesNotContain(original, search, StringComparison.Ordinal);
            Assert.DoesNotContain(original, answer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Off_lists_no_pii_record()
    {
        await using var server = await ServerFixture.StartAsync();

        var document = await UploadAsync(server);

        Assert.Null(document["pii"]);
        Assert.Null(document["quality"]!["pii"]);
    }
}
