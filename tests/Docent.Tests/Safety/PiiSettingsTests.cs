using Docent.Hosting;
using Docent.Safety;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Safety;

/// <summary>The pii.* settings: how they load, what they refuse with a message naming the setting, and the policy line kept per document.</summary>
public sealed class PiiSettingsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private LoadedSettings Load(Dictionary<string, string?> flags) =>
        DocentSettingsLoader.Load(_temp.Path, flags, new Dictionary<string, string>(), Path.Combine(_temp.Path, "no-secrets.json"));

    [Fact]
    public void Off_by_default_with_every_kind()
    {
        var pii = Load([]).Settings.Pii;

        Assert.Equal(PiiRedactionMode.Off, pii.Redact);
        Assert.Equal(PiiNameDetection.Off, pii.Names);
        Assert.Null(pii.Policy);
        Assert.Equal(PiiDetector.PatternKinds.ToHashSet(), pii.SelectedKinds);
    }

    [Fact]
    public void Loads_from_flags_and_gives_a_policy_line()
    {
        var pii = Load(new() { ["pii:redact"] = "stored", ["pii:kinds"] = "IBAN, card,national-id" }).Settings.Pii;

        Assert.Equal(PiiRedactionMode.Stored, pii.Redact);
        Assert.Equal("stored; kinds=iban,cardNumber,nationalId; names=off", pii.Policy);
    }

    [Fact]
    public void A_mode_that_does_not_exist_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["pii:redact"] = "everything" }));

        Assert.Equal("pii.redact is \"everything\" (on the command line); it must be one of off, stored, answers.", error.Message);
    }

    [Theory]
    [InlineData("email,passport", "pii.kinds names \"passport\"; it must be \"all\" or a comma-separated list of email, phone, iban, card, nationalId.")]
    [InlineData("name", "pii.kinds names \"name\" (names are pii.names=model); it must be \"all\" or a comma-separated list of email, phone, iban, card, nationalId.")]
    public void An_unknown_kind_is_named(string kinds, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["pii:redact"] = "stored", ["pii:kinds"] = kinds }));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Names_need_a_chat_model()
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["pii:redact"] = "stored", ["pii:names"] = "model" }));

        Assert.Equal("pii.names is \"model\", which needs a chat model to find names: set chat.model (and chat.endpoint), or set pii.names to off.", error.Message);
        Assert.Equal(PiiNameDetection.Model,
            Load(new() { ["pii:redact"] = "stored", ["pii:names"] = "model", ["chat:model"] = "llama3.1", ["chat:endpoint"] = "http://localhost:11434/v1" }).Settings.Pii.Names);
    }

    [Fact]
    public void Names_are_redacted_only_in_stored_mode()
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["pii:redact"] = "answers", ["pii:names"] = "model", ["chat:model"] = "m" }));

        Assert.StartsWith("pii.names is \"model\" and pii.redact is \"answers\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"names": ["Ann Lee", "Bo"]}""", new[] { "Ann Lee", "Bo" })]
    [InlineData("```json\n{\"names\": [\"Ann Lee\"]}\n```", new[] { "Ann Lee" })]
    [InlineData("""{"names": []}""", new string[0])]
    [InlineData("""{"names": ["Ann Lee", "Someone Not In The Text", "A"]}""", new[] { "Ann Lee" })]
    public void The_model_reply_is_read_strictly_and_only_names_in_the_passage_are_kept(string reply, string[] names)
    {
        var finding = ChatNameFinder.Parse(reply, "Ann Lee met Bo at noon.");

        Assert.Null(finding.Problem);
        Assert.Equal(names, finding.Names);
    }

    [Theory]
    [InlineData("""["Ann Lee"]""", "the chat model's reply is not a JSON object with a \"names\" list")]
    [InlineData("""{"names": [1, 2]}""", "the chat model's \"names\" list holds something other than text")]
    [InlineData("""{"names": ["Ann Lee"]} and more""", "the chat model's reply is not valid JSON")]
    public void A_reply_of_another_shape_is_a_problem_with_no_names(string reply, string problem)
    {
        var finding = ChatNameFinder.Parse(reply, "Ann Lee met Bo at noon.");

        Assert.Equal(problem, finding.Problem);
        Assert.Empty(finding.Names);
    }

    [Fact]
    public void An_overlong_reply_is_not_read() =>
        Assert.Equal($"the chat model's reply is longer than {ChatNameFinder.MaxReplyCharacters} characters",
            ChatNameFinder.Parse(new string(' ', ChatNameFinder.MaxReplyCharacters + 1), "x").Problem);

    [Fact]
    public async Task A_model_that_fails_gives_a_problem_not_an_exception()
    {
        var finder = new ChatNameFinder(new FakeChatClient((_, _) => throw new HttpRequestException("connection refused")));

        var finding = await finder.FindAsync("Ann Lee met Bo.");

        Assert.Equal("the chat model could not be asked (connection refused)", finding.Problem);
    }

    [Fact]
    public void The_scanner_finds_names_as_whole_words_and_patterns_win_overlaps()
    {
        var scanner = new PiiScanner(PiiDetector.PatternKinds);

        Assert.Equal("[name] wrote to [email]; Annabel did not.",
            scanner.Redact("Ann Lee wrote to ann.lee@example.org; Annabel did not.", ["Ann Lee", "Ann", "lee"]));
    }

    [Fact]
    public void The_scanner_reads_texts_longer_than_one_detector_call()
    {
        var filler = string.Concat(Enumerable.Repeat("lorem ipsum ", (PiiDetector.MaxTextLength / 12) + 10));
        var text = filler + "mail jo@example.com today";

        var matches = new PiiScanner(PiiDetector.PatternKinds).Find(text);

        var match = Assert.Single(matches);
        Assert.Equal("jo@example.com", text.Substring(match.Start, match.Length));
    }
}
