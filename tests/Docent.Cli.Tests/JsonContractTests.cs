using System.Text.Json;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>Holds the CLI to the JSON contracts and exit codes that scripts rely on.</summary>
public sealed class JsonContractTests : IDisposable
{
    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _docs.Dispose();
        _data.Dispose();
    }

    private void WriteCorpus()
    {
        _docs.Write("travel.md", "# Travel policy\n\n## Trains\n\nEmployees book trains for trips under 600 km.\n\n## Flights\n\nFlights over 2,000 euros need approval from the finance director, Maria Lopez.\n");
        _docs.Write("leave.txt", "Leave\n\nNew employees get 25 vacation days per year. Unused days expire on 31 March.\n");
    }

    private static JsonElement ParseSingleObject(string stdout)
    {
        using var document = JsonDocument.Parse(stdout); // throws if stdout is not exactly one JSON value
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Ingest_prints_one_object_with_the_contract_fields_and_exit_code_2_on_partial_failure()
    {
        WriteCorpus();
        _docs.Write("broken.pdf", "%PDF-1.7\nthis is not a pdf body at all");

        var (code, stdout, _) = await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--json");

        Assert.Equal(2, code);
        var json = ParseSingleObject(stdout);
        Assert.Equal(2, json.GetProperty("added").GetInt32());
        Assert.Equal(0, json.GetProperty("updated").GetInt32());
        Assert.Equal(0, json.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, json.GetProperty("removed").GetInt32());
        Assert.True(json.GetProperty("chunks").GetInt32() >= 2);
        var failed = Assert.Single(json.GetProperty("failed").EnumerateArray());
        Assert.EndsWith("broken.pdf", failed.GetProperty("path").GetString());
        Assert.False(string.IsNullOrWhiteSpace(failed.GetProperty("error").GetString()));

        var (again, stdout2, _) = await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--json");
        Assert.Equal(2, again);
        Assert.Equal(2, ParseSingleObject(stdout2).GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Search_and_ask_follow_their_contracts()
    {
        WriteCorpus();
        var (ingestCode, _, _) = await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--json");
        Assert.Equal(0, ingestCode);

        var (searchCode, searchOut, _) = await DocentProcess.RunAsync("search", "trains for trips", "--data", _data.Path, "--top", "2", "--json");
        Assert.Equal(0, searchCode);
        var search = ParseSingleObject(searchOut);
        Assert.Equal("trains for trips", search.GetProperty("query").GetString());
        var first = search.GetProperty("results").EnumerateArray().First();
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.True(first.GetProperty("score").GetDouble() > 0);
        foreach (var field in new[] { "chunkId", "documentId", "source", "title", "text" })
        {
            Assert.False(string.IsNullOrEmpty(first.GetProperty(field).GetString()), field);
        }

        Assert.EndsWith("travel.md", first.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("page").ValueKind);
        Assert.Equal(["Travel policy", "Trains"], first.GetProperty("headingPath").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("region").ValueKind); // text has no page region

        var (askCode, askOut, _) = await DocentProcess.RunAsync("ask", "How many vacation days do new employees get?", "--data", _data.Path, "--json");
        Assert.Equal(0, askCode);
        var ask = ParseSingleObject(askOut);
        Assert.True(ask.GetProperty("found").GetBoolean());
        Assert.Contains("25 vacation days", ask.GetProperty("answer").GetString());
        Assert.Contains("[1]", ask.GetProperty("answer").GetString());
        var citation = ask.GetProperty("citations").EnumerateArray().First();
        Assert.Equal(1, citation.GetProperty("index").GetInt32());
        Assert.EndsWith("leave.txt", citation.GetProperty("source").GetString());
        Assert.Contains("25 vacation days", citation.GetProperty("quote").GetString());
        Assert.Contains(citation.GetProperty("quote").GetString()!, citation.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, citation.GetProperty("region").ValueKind);
        var timings = ask.GetProperty("timingsMs");
        Assert.True(timings.GetProperty("total").GetDouble() >= timings.GetProperty("retrieve").GetDouble());
    }

    [Fact]
    public async Task Asking_what_the_documents_do_not_say_is_answered_honestly()
    {
        WriteCorpus();
        await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--json");

        var (code, stdout, _) = await DocentProcess.RunAsync("ask", "What is the capital of Mongolia?", "--data", _data.Path, "--json");
        var (textCode, text, _) = await DocentProcess.RunAsync("ask", "Who approves hotel bookings?", "--data", _data.Path);
        var (onTopicCode, onTopic, _) = await DocentProcess.RunAsync("ask", "Who approves hotel bookings?", "--data", _data.Path, "--json");

        Assert.Equal(0, code);
        var ask = ParseSingleObject(stdout);
        Assert.False(ask.GetProperty("found").GetBoolean());
        Assert.Equal("I could not find this in the documents.", ask.GetProperty("answer").GetString());
        Assert.Empty(ask.GetProperty("citations").EnumerateArray());

        // An on-topic question the documents do not answer is refused, showing where the nearest text is.
        Assert.Equal((0, 0), (textCode, onTopicCode));
        var refused = ParseSingleObject(onTopic);
        Assert.False(refused.GetProperty("found").GetBoolean());
        Assert.Contains(refused.GetProperty("closestPassages").EnumerateArray(), p => p.GetProperty("source").GetString()!.EndsWith("travel.md", StringComparison.Ordinal));
        Assert.StartsWith("I could not find this in the documents.", text, StringComparison.Ordinal);
        Assert.Contains("Closest passages:", text, StringComparison.Ordinal);
        Assert.Contains("travel.md", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_embeddings_ingests_for_lexical_search_only_and_a_later_ingest_embeds_what_is_stored()
    {
        WriteCorpus();
        var (code, _, _) = await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--json", "--no-embeddings");

        var vectorFileAfterLexicalIngest = File.Exists(Path.Combine(_data.Path, "vectors.idx"));
        var (_, lexicalStats, _) = await DocentProcess.RunAsync("stats", "--data", _data.Path, "--json", "--no-embeddings");
        var (_, defaultStats, _) = await DocentProcess.RunAsync("stats", "--data", _data.Path, "--json");
        var (_, searchOut, _) = await DocentProcess.RunAsync("search", "trains", "--data", _data.Path, "--json");
        await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--json");
        var (_, embeddedStats, _) = await DocentProcess.RunAsync("stats", "--data", _data.Path, "--json");

        Assert.Equal(0, code);
        Assert.False(vectorFileAfterLexicalIngest);
        var lexical = ParseSingleObject(lexicalStats);
        Assert.Equal("lexical", lexical.GetProperty("retrievalMode").GetString());
        Assert.Equal(JsonValueKind.Null, lexical.GetProperty("vectors").ValueKind);
        var pending = ParseSingleObject(defaultStats);
        var chunks = pending.GetProperty("chunks").GetInt64();
        Assert.Equal("hybrid", pending.GetProperty("retrievalMode").GetString());
        Assert.Equal(0, pending.GetProperty("vectors").GetProperty("count").GetInt32());
        Assert.Equal(chunks, pending.GetProperty("vectors").GetProperty("pending").GetInt32());
        Assert.EndsWith("travel.md", ParseSingleObject(searchOut).GetProperty("results")[0].GetProperty("source").GetString()); // found lexically meanwhile
        var embedded = ParseSingleObject(embeddedStats).GetProperty("vectors");
        Assert.Equal(chunks, embedded.GetProperty("count").GetInt32());
        Assert.Equal(1.0, embedded.GetProperty("coverage").GetDouble());
    }

    [Fact]
    public async Task Stats_lists_the_languages_and_which_the_built_in_english_model_leaves_lexical_only()
    {
        WriteCorpus();
        _docs.Write("reise.md", "# Reiserichtlinie\n\nDie Mitarbeiter buchen Züge für Reisen unter 600 km, und Flüge müssen von der Direktorin genehmigt werden.\n");
        await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--json");

        var (code, stdout, _) = await DocentProcess.RunAsync("stats", "--data", _data.Path, "--json");
        var (textCode, text, _) = await DocentProcess.RunAsync("stats", "--data", _data.Path);
        var (germanCode, german, _) = await DocentProcess.RunAsync("search", "Wer genehmigt die Flüge?", "--data", _data.Path, "--json");

        Assert.Equal((0, 0, 0), (code, textCode, germanCode));
        var stats = ParseSingleObject(stdout);
        var languages = stats.GetProperty("languages");
        // The English chunks are "en", or "und" where a line holds too few stop words to tell; both are analysed as English.
        Assert.Equal(["de", "en", "und"], languages.EnumerateObject().Select(l => l.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(1, languages.GetProperty("de").GetInt32());
        Assert.Equal(["de"], stats.GetProperty("lexicalOnlyLanguages").EnumerateArray().Select(l => l.GetString()!).ToArray());
        Assert.Contains("lexical only", text, StringComparison.Ordinal);
        Assert.EndsWith("reise.md", ParseSingleObject(german).GetProperty("results")[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Docs_list_details_shows_each_parse_quality_report_and_flags_a_document_read_badly()
    {
        WriteCorpus();
        _docs.Write("notes.zip", ZipOf(("minutes.md", "# Minutes\n\nThe board met on Tuesday and approved the budget.\n")));
        _docs.Write("poster.html", "<!doctype html><html><body><img src=\"poster.png\" alt=\"\"></body></html>");
        await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--json");

        var (_, listOut, _) = await DocentProcess.RunAsync("docs", "list", "--data", _data.Path, "--json");
        var documents = ParseSingleObject(listOut).GetProperty("documents").EnumerateArray().ToDictionary(d => Path.GetRelativePath(_docs.Path, d.GetProperty("source").GetString()!));
        var travel = documents["travel.md"];
        Assert.Equal(3, travel.GetProperty("quality").GetProperty("headings").GetInt32());
        Assert.Empty(travel.GetProperty("concerns").EnumerateArray());
        Assert.Equal(documents["notes.zip"].GetProperty("id").GetString(), documents["notes.zip/minutes.md"].GetProperty("container").GetString());
        Assert.Equal(JsonValueKind.Null, travel.GetProperty("container").ValueKind);
        Assert.Contains("no text was read", documents["poster.html"].GetProperty("concerns").EnumerateArray().Select(c => c.GetString()));

        var (code, text, _) = await DocentProcess.RunAsync("docs", "list", "--details", "--data", _data.Path);
        Assert.Equal(0, code);
        Assert.Contains("3 headings · 0 tables", text, StringComparison.Ordinal);
        Assert.Contains("check: no text was read", text, StringComparison.Ordinal);
        Assert.Contains("may have been read badly", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_list_details_and_json_show_what_pii_redaction_did_per_document()
    {
        _docs.Write("refunds.md", "# Refunds\n\nWrite to alice.jansen@example.org or bob@example.net about the refund. The refund goes to IBAN NL91ABNA0417164300.\n");
        var (ingestCode, _, ingestErr) = await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--set", "pii.redact=stored", "--json");
        Assert.True(ingestCode == 0, ingestErr);

        var (code, text, _) = await DocentProcess.RunAsync("docs", "list", "--details", "--data", _data.Path);
        Assert.Equal(0, code);
        Assert.Contains("PII redacted: 2 e-mail addresses, 1 IBAN", text, StringComparison.Ordinal);

        var (_, listOut, _) = await DocentProcess.RunAsync("docs", "list", "--data", _data.Path, "--json");
        var pii = ParseSingleObject(listOut).GetProperty("documents")[0].GetProperty("quality").GetProperty("pii");
        Assert.Equal("stored", pii.GetProperty("mode").GetString());
        Assert.Equal(2, pii.GetProperty("counts").GetProperty("email").GetInt32());
        Assert.Equal("PII redacted: 2 e-mail addresses, 1 IBAN", pii.GetProperty("summary").GetString());

        var (_, searchOut, _) = await DocentProcess.RunAsync("search", "refund", "--data", _data.Path, "--json");
        Assert.Contains("[IBAN]", searchOut, StringComparison.Ordinal);
        Assert.DoesNotContain("NL91ABNA0417164300", searchOut, StringComparison.Ordinal);

        // A bad value is named with the setting and where it came from.
        var (badCode, _, badErr) = await DocentProcess.RunAsync("search", "refund", "--data", _data.Path, "--set", "pii.redact=all");
        Assert.NotEqual(0, badCode);
        Assert.Contains("pii.redact is \"all\" (on the command line); it must be one of off, stored, answers.", badErr, StringComparison.Ordinal);
    }

    private static byte[] ZipOf(params (string Name, string Text)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var entry = new StreamWriter(zip.CreateEntry(name).Open());
                entry.Write(text);
            }
        }

        return stream.ToArray();
    }

    [Fact]
    public async Task Docs_list_remove_and_stats_agree()
    {
        WriteCorpus();
        await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--json");

        var (_, listOut, _) = await DocentProcess.RunAsync("docs", "list", "--data", _data.Path, "--json");
        var documents = ParseSingleObject(listOut).GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(2, documents.Count);
        var travelId = documents.Single(d => d.GetProperty("source").GetString()!.EndsWith("travel.md", StringComparison.Ordinal)).GetProperty("id").GetString()!;

        var (removeCode, removeOut, _) = await DocentProcess.RunAsync("docs", "remove", travelId, "--data", _data.Path, "--json");
        Assert.Equal(0, removeCode);
        Assert.Single(ParseSingleObject(removeOut).GetProperty("removed").EnumerateArray());

        var (_, statsOut, _) = await DocentProcess.RunAsync("stats", "--data", _data.Path, "--json");
        var stats = ParseSingleObject(statsOut);
        Assert.Equal(1, stats.GetProperty("documents").GetInt32());
        Assert.Equal(stats.GetProperty("chunks").GetInt64(), stats.GetProperty("indexedChunks").GetInt64());

        var (_, searchOut, _) = await DocentProcess.RunAsync("search", "trains", "--data", _data.Path, "--json");
        Assert.DoesNotContain(
            ParseSingleObject(searchOut).GetProperty("results").EnumerateArray(),
            r => r.GetProperty("source").GetString()!.EndsWith("travel.md", StringComparison.Ordinal));
        Assert.Equal(stats.GetProperty("chunks").GetInt64(), stats.GetProperty("vectors").GetProperty("count").GetInt32());
        Assert.Equal(0, stats.GetProperty("vectors").GetProperty("pending").GetInt32());
        Assert.Equal("all-MiniLM-L6-v2", stats.GetProperty("vectors").GetProperty("model").GetString());

        var (missingCode, _, _) = await DocentProcess.RunAsync("docs", "remove", "no-such-document", "--data", _data.Path, "--json");
        Assert.Equal(2, missingCode);
    }

    [Fact]
    public async Task Usage_errors_exit_with_1()
    {
        var (noArgs, _, _) = await DocentProcess.RunAsync("ingest");
        Assert.Equal(1, noArgs);
        var (badTop, stdout, _) = await DocentProcess.RunAsync("search", "x", "--top", "0", "--data", _data.Path, "--json");
        Assert.Equal(1, badTop);
        Assert.Contains("--top", ParseSingleObject(stdout).GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_data_folder_can_come_from_DOCENT_DATA()
    {
        WriteCorpus();
        var info = DocentProcess.StartInfo("ingest", _docs.Path, "--json");
        info.Environment["DOCENT_DATA"] = _data.Path;
        using (var process = System.Diagnostics.Process.Start(info)!)
        {
            process.StandardInput.Close();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
        }

        Assert.True(File.Exists(Path.Combine(_data.Path, "docent.db")));
    }
}
