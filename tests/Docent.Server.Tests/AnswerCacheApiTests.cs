using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Hosting;
using Docent.Server.Tests.Security;

namespace Docent.Server.Tests;

/// <summary>
/// The server's answer cache and audit log: a repeated question to /ask or a one-message chat completion is served from
/// the cache ("cached": true) and counted in /metrics; an upload in between, or a conversation, gets a fresh answer; the
/// setting server.answerCacheEntries = 0 turns it off; with audit.path set each answer is one line naming the key.
/// </summary>
public sealed class AnswerCacheApiTests
{
    private const string Question = "How many days of annual leave do full-time employees receive?";

    private static async Task<JsonNode> AskAsync(ServerFixture server, object body, HttpClient? client = null)
    {
        var response = await (client ?? server.Client).PostAsJsonAsync("/api/collections/default/ask", body);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task TwoIdenticalAsks_TheSecondIsServedFromTheCache_AndCounted_UntilAnUploadChangesTheCollection()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.UploadHandbookAsync("default", "leave-policy.docx");

        var first = await AskAsync(server, new { question = Question });
        var second = await AskAsync(server, new { question = "  how many days of annual leave do full-time employees receive " });
        var metrics = await server.Client.GetStringAsync("/metrics");
        await server.UploadHandbookAsync("default", "welcome.md");
        var third = await AskAsync(server, new { question = Question });
        var conversation = await AskAsync(server, new { question = Question, conversationId = "c1" });

        Assert.False(first["cached"]!.GetValue<bool>());
        Assert.True(second["cached"]!.GetValue<bool>());
        Assert.Equal(first["answer"]!.GetValue<string>(), second["answer"]!.GetValue<string>());
        Assert.Contains("docent_answer_cache_hits", metrics, StringComparison.Ordinal);
        Assert.Contains("docent_answer_cache_misses", metrics, StringComparison.Ordinal);
        Assert.Contains("docent_answer_cache_saved", metrics, StringComparison.Ordinal);
        Assert.False(third["cached"]!.GetValue<bool>());
        Assert.False(conversation["cached"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ACachedAnswer_NeverReachesACallerWithOtherPrincipals()
    {
        const string secret = "rise by four percent";
        const string question = "By how much do the zorblaxian salary bands rise?";
        await using var server = await ServerFixture.StartAsync(server: o => o.AdminKey = AuthorizationMatrixTests.AdminKey);
        using var admin = server.ClientWithKey(AuthorizationMatrixTests.AdminKey);
        var keys = new Dictionary<string, string>();
        foreach (var (name, principals) in new[] { ("hr", new[] { "group:hr" }), ("staff", Array.Empty<string>()) })
        {
            var created = await admin.PostAsJsonAsync("/api/keys", new { name, collections = "*", scopes = new[] { "read" }, principals });
            keys[name] = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
        }

        using (var form = new MultipartFormDataContent
        {
            { new StringContent($"# Salary review\n\nThe zorblaxian salary bands {secret}.\n"), "files", "salaries.md" },
            { new StringContent("group:hr"), "access" },
        })
        {
            (await admin.PostAsync("/api/collections/default/documents", form)).EnsureSuccessStatusCode();
        }

        using var hr = server.ClientWithKey(keys["hr"]);
        using var staff = server.ClientWithKey(keys["staff"]);
        var hrFirst = await AskAsync(server, new { question }, hr);
        var hrSecond = await AskAsync(server, new { question }, hr);
        var staffFirst = await AskAsync(server, new { question }, staff);
        var staffSecond = await AskAsync(server, new { question }, staff);

        Assert.Contains(secret, hrFirst["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(hrSecond["cached"]!.GetValue<bool>());
        Assert.False(staffFirst["cached"]!.GetValue<bool>());
        Assert.True(staffSecond["cached"]!.GetValue<bool>());
        foreach (var answer in new[] { staffFirst, staffSecond })
        {
            Assert.DoesNotContain(secret, answer.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("salaries.md", answer.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ChatCompletions_CacheASingleUserMessage_NotOneWithHistory()
    {
        await using var server = await ServerFixture.StartAsync();
        await server.UploadHandbookAsync("default", "leave-policy.docx");
        object Single() => new { model = "default", messages = new[] { new { role = "user", content = Question } } };
        object WithHistory() => new
        {
            model = "default",
            messages = new[] { new { role = "user", content = "Hello" }, new { role = "assistant", content = "Hi" }, new { role = "user", content = Question } },
        };

        async Task<bool> CachedAsync(object body)
        {
            var response = await server.Client.PostAsJsonAsync("/v1/chat/completions", body);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["cached"]!.GetValue<bool>();
        }

        Assert.False(await CachedAsync(Single()));
        Assert.True(await CachedAsync(Single()));
        Assert.False(await CachedAsync(WithHistory()));
        Assert.False(await CachedAsync(WithHistory()));
    }

    [Fact]
    public async Task WithTheCacheOff_NothingIsCached()
    {
        await using var server = await ServerFixture.StartAsync(settings: new ServerSettings { AnswerCacheEntries = 0 });
        await server.UploadHandbookAsync("default", "leave-policy.docx");

        await AskAsync(server, new { question = Question });
        var second = await AskAsync(server, new { question = Question });

        Assert.False(second["cached"]!.GetValue<bool>());
    }

    [Fact]
    public async Task WithAnAuditPath_EachAnswerIsOneLine_NamingTheKey()
    {
        await using var server = await ServerFixture.StartAsync(server: o =>
        {
            o.AdminKey = AuthorizationMatrixTests.AdminKey;
            o.Audit = new AuditSettings { Path = "audit.jsonl" };
        });
        using var admin = server.ClientWithKey(AuthorizationMatrixTests.AdminKey);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(Docent.Tests.TestSupport.RepositoryPaths.Samples, "handbook", "leave-policy.docx"))), "files", "leave-policy.docx" },
        };
        (await admin.PostAsync("/api/collections/default/documents", form)).EnsureSuccessStatusCode();

        await AskAsync(server, new { question = Question }, admin);
        await AskAsync(server, new { question = Question }, admin);
        var lines = await ReadSharedAsync(Path.Combine(server.Data.Path, "audit.jsonl"));

        Assert.Equal(2, lines.Length);
        var records = lines.Select(l => JsonNode.Parse(l)!).ToList();
        Assert.All(records, r => Assert.Equal("admin", r["caller"]!.GetValue<string>()));
        Assert.All(records, r => Assert.Equal("default", r["collection"]!.GetValue<string>()));
        Assert.Equal([false, true], records.Select(r => r["cached"]!.GetValue<bool>()));
        Assert.Equal("leave-policy.docx", records[0]["documents"]![0]!["source"]!.GetValue<string>());
    }

    /// <summary>The lines of a file another process still has open for writing.</summary>
    private static async Task<string[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
