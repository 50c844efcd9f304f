using System.Text.Json;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Models;
using Docent.Retrieval;
using Docent.Safety;
using Docent.Storage;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Safety;

/// <summary>
/// pii.redact wired in: "stored" redacts before chunking (store, index, search and answers never hold an original, and the
/// document records what was redacted); "answers" keeps the store as written and redacts what leaves the engine; "off"
/// changes nothing; a change of the settings re-reads documents; names come from a chat model when asked.
/// </summary>
public sealed class PiiRedactionIngestTests : IDisposable
{
    private static readonly string[] Originals =
    [
        "jo.bloggs@example.com", "alice.jansen@example.org", "bob@example.net", "NL91ABNA0417164300", "4111 1111 1111 1111", "+44 20 7946 0958",
    ];

    private const string Sheet = """
        # Contact sheet for jo.bloggs@example.com

        Write to alice.jansen@example.org about the refund. The refund goes to IBAN NL91ABNA0417164300 by Friday.

        The customer paid with card 4111 1111 1111 1111 and can be called on +44 20 7946 0958 after noon.

        For the archive, a second address: bob@example.net handles returns of damaged parcels.
        """;

    private readonly TempDirectory _dir = new();

    public PiiRedactionIngestTests() => _dir.Write("docs/sheet.md", Sheet);

    public void Dispose() => _dir.Dispose();

    private string Docs => Path.Combine(_dir.Path, "docs");

    private Task<DataFolder> OpenAsync(PiiSettings pii, ModelServices? services = null, ChatModelSettings? chat = null)
    {
        var options = new DocentOptions { DataDirectory = Path.Combine(_dir.Path, "data") };
        options.Settings.Pii = pii;
        if (chat is not null)
        {
            options.Settings.Chat = chat;
        }

        return DataFolder.OpenAsync(options, services);
    }

    private static async Task<(DocumentRecord Document, IReadOnlyList<StoredChunk> Chunks)> StoredAsync(DataFolder folder)
    {
        var document = Assert.Single(await folder.Documents.ListDocumentsAsync());
        return (document, await folder.Store.GetDocumentChunksAsync(document.Id));
    }

    private static void AssertNoOriginal(string text)
    {
        foreach (var original in Originals)
        {
            Assert.DoesNotContain(original, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Stored_mode_keeps_every_original_out_of_the_store_the_index_search_and_answers()
    {
        var folder = await OpenAsync(new PiiSettings { Redact = PiiRedactionMode.Stored });
        var report = await folder.CreateIngestionPipeline().IngestAsync([Docs]);
        Assert.Empty(report.Failed);

        var (document, chunks) = await StoredAsync(folder);
        Assert.All(chunks, c => AssertNoOriginal(c.Chunk.Text));
        Assert.All(chunks, c => Assert.All(c.Chunk.HeadingPath, AssertNoOriginal));
        AssertNoOriginal(document.Title);
        Assert.Equal("Contact sheet for [email]", document.Title);
        var all = string.Join("\n", chunks.Select(c => c.Chunk.Text));
        Assert.Contains("Write to [email] about the refund. The refund goes to IBAN [IBAN] by Friday.", all, StringComparison.Ordinal);
        Assert.Contains("paid with card [card number] and can be called on [phone] after noon", all, StringComparison.Ordinal);

        // Spans stay those of the stored (redacted) text.
        Assert.All(chunks, c => Assert.Equal(c.Chunk.Text.Length, c.Chunk.Span.Length));

        // The original words are not in the index at all.
        Assert.Empty(await folder.Retriever.RetrieveAsync("jansen"));
        Assert.Empty(await folder.Retriever.RetrieveAsync("NL91ABNA0417164300"));
        var hits = await folder.Retriever.RetrieveAsync("refund IBAN");
        Assert.NotEmpty(hits);
        Assert.All(hits, h => AssertNoOriginal(JsonSerializer.Serialize(h)));

        var answer = await folder.CreateAskPipeline().AskAsync("Where does the refund go?");
        AssertNoOriginal(JsonSerializer.Serialize(answer.Answer));
        Assert.Contains("[IBAN]", answer.Answer.Text, StringComparison.Ordinal);

        var pii = document.Quality!.Pii!;
        Assert.Equal("stored", pii.Mode);
        Assert.Equal(new Dictionary<string, int> { ["email"] = 3, ["phone"] = 1, ["iban"] = 1, ["cardNumber"] = 1 }, pii.Counts);
        Assert.Equal("PII redacted: 3 e-mail addresses, 1 phone number, 1 IBAN, 1 card number", ParseQualityReview.PiiSummary(document.Quality));
    }

    [Fact]
    public async Task Answers_mode_stores_the_originals_and_redacts_search_answers_and_history_output()
    {
        var folder = await OpenAsync(new PiiSettings { Redact = PiiRedactionMode.Answers });
        await folder.CreateIngestionPipeline().IngestAsync([Docs]);

        var (document, chunks) = await StoredAsync(folder);
        var stored = string.Join("\n", chunks.Select(c => c.Chunk.Text));
        Assert.All(Originals.Where(o => o != "jo.bloggs@example.com"), o => Assert.Contains(o, stored, StringComparison.Ordinal));
        Assert.Equal("Contact sheet for jo.bloggs@example.com", document.Title);

        // The index holds the original words, so a search for one finds the passage; what comes back is redacted.
        var hits = await folder.Retriever.RetrieveAsync("jansen refund");
        Assert.NotEmpty(hits);
        Assert.All(hits, h => AssertNoOriginal(JsonSerializer.Serialize(h)));
        Assert.Contains(hits, h => h.Chunk.Text.Contains("Write to [email] about the refund", StringComparison.Ordinal));

        var pipeline = folder.CreateAskPipeline();
        foreach (var question in new[] { "Where does the refund go?", "Which card did the customer pay with?", "Who handles returns of damaged parcels?" })
        {
            var result = await pipeline.AskAsync(question, new Docent.Asking.AskRequest { ConversationId = "c1" });
            AssertNoOriginal(JsonSerializer.Serialize(result.Answer));
            Assert.Contains(result.Answer.Citations, c => c.ChunkText.Contains('[', StringComparison.Ordinal));
        }

        Assert.All(await folder.Conversations.GetTurnsAsync("c1"), t => AssertNoOriginal(t.Answer));
        Assert.Equal("mail [email] or call [phone]", folder.RedactOutput("mail bob@example.net or call +44 20 7946 0958"));

        var pii = document.Quality!.Pii!;
        Assert.Equal("answers", pii.Mode);
        Assert.Equal(3, pii.Counts["email"]);
        Assert.StartsWith("PII found (redacted in answers): 3 e-mail addresses", ParseQualityReview.PiiSummary(document.Quality), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Off_changes_nothing()
    {
        var folder = await OpenAsync(new PiiSettings());
        await folder.CreateIngestionPipeline().IngestAsync([Docs]);

        var (document, chunks) = await StoredAsync(folder);
        Assert.Null(document.Quality!.Pii);
        Assert.Null(ParseQualityReview.PiiSummary(document.Quality));
        Assert.Contains(chunks, c => c.Chunk.Text.Contains("alice.jansen@example.org", StringComparison.Ordinal));
        Assert.Contains(await folder.Retriever.RetrieveAsync("jansen"), h => h.Chunk.Text.Contains("alice.jansen@example.org", StringComparison.Ordinal));
        Assert.Equal("bob@example.net", folder.RedactOutput("bob@example.net"));
    }

    [Fact]
    public async Task Changing_the_settings_reads_documents_again_and_unchanged_settings_do_not()
    {
        async Task<IngestStatus> IngestAsync(PiiSettings pii)
        {
            var folder = await OpenAsync(pii);
            return Assert.Single((await folder.CreateIngestionPipeline().IngestAsync([Docs])).Results).Status;
        }

        Assert.Equal(IngestStatus.Added, await IngestAsync(new PiiSettings()));
        Assert.Equal(IngestStatus.Unchanged, await IngestAsync(new PiiSettings()));
        Assert.Equal(IngestStatus.Updated, await IngestAsync(new PiiSettings { Redact = PiiRedactionMode.Stored }));
        Assert.Equal(IngestStatus.Unchanged, await IngestAsync(new PiiSettings { Redact = PiiRedactionMode.Stored, Kinds = "all" }));
        Assert.Equal(IngestStatus.Updated, await IngestAsync(new PiiSettings { Redact = PiiRedactionMode.Stored, Kinds = "email" }));
        Assert.Equal(IngestStatus.Updated, await IngestAsync(new PiiSettings()));

        var (document, chunks) = await StoredAsync(await OpenAsync(new PiiSettings()));
        Assert.Null(document.Quality!.Pii);
        Assert.Contains(chunks, c => c.Chunk.Text.Contains("NL91ABNA0417164300", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Selected_kinds_only_are_redacted()
    {
        var folder = await OpenAsync(new PiiSettings { Redact = PiiRedactionMode.Stored, Kinds = "iban, card" });
        await folder.CreateIngestionPipeline().IngestAsync([Docs]);

        var (document, chunks) = await StoredAsync(folder);
        var stored = string.Join("\n", chunks.Select(c => c.Chunk.Text));
        Assert.Contains("alice.jansen@example.org", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("NL91ABNA0417164300", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("4111 1111 1111 1111", stored, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int> { ["iban"] = 1, ["cardNumber"] = 1 }, document.Quality!.Pii!.Counts);
    }

    [Fact]
    public async Task Names_the_chat_model_lists_are_redacted_as_names()
    {
        _dir.Write("docs/sheet.md", "# Lease\n\nAlice Jansen signed the lease on Monday. Later Alice Jansen called the office about the keys.\n");
        var chat = new FakeChatClient((messages, _) => messages[0].Text == ChatNameFinder.Instructions
            ? """{"names": ["Alice Jansen", "Nobody Else"]}"""
            : "I could not find this in the documents.");
        var folder = await OpenAsync(
            new PiiSettings { Redact = PiiRedactionMode.Stored, Names = PiiNameDetection.Model },
            new ModelServices { ChatClient = chat },
            new ChatModelSettings { Model = "fake-model" });

        var report = await folder.CreateIngestionPipeline().IngestAsync([Docs]);

        var (document, chunks) = await StoredAsync(folder);
        Assert.Empty(Assert.Single(report.Results).Warnings ?? []);
        var stored = string.Join("\n", chunks.Select(c => c.Chunk.Text));
        Assert.DoesNotContain("Alice", stored, StringComparison.Ordinal);
        Assert.Contains("[name] signed the lease on Monday. Later [name] called the office", stored, StringComparison.Ordinal);
        Assert.Equal(2, document.Quality!.Pii!.Counts["name"]);
        var request = Assert.Single(chat.Calls);
        Assert.Contains("Alice Jansen signed the lease", request.Messages[^1].Text, StringComparison.Ordinal);
        Assert.Equal(ChatResponseFormat.Json, request.Options!.ResponseFormat);
    }

    [Theory]
    [InlineData("Sure! The names are Alice and Bob.", "the chat model's reply is not valid JSON")]
    [InlineData("""{"people": ["Alice Jansen"]}""", "the chat model's reply is not a JSON object with a \"names\" list")]
    public async Task A_malformed_reply_is_a_warning_on_the_document_not_a_failure(string reply, string problem)
    {
        _dir.Write("docs/sheet.md", "# Lease\n\nAlice Jansen signed the lease; mail alice@example.org.\n");
        var folder = await OpenAsync(
            new PiiSettings { Redact = PiiRedactionMode.Stored, Names = PiiNameDetection.Model },
            new ModelServices { ChatClient = new FakeChatClient(reply) },
            new ChatModelSettings { Model = "fake-model" });

        var report = await folder.CreateIngestionPipeline().IngestAsync([Docs]);

        Assert.Empty(report.Failed);
        var (document, chunks) = await StoredAsync(folder);
        Assert.Contains($"names were not looked for in 1 of 1 passages: {problem}", document.Warnings);
        Assert.Contains(chunks, c => c.Chunk.Text.Contains("Alice Jansen signed the lease; mail [email].", StringComparison.Ordinal));
    }
}
