using Docent.Answering;
using Docent.Answering.Generative;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Answering;

public sealed class PromptTemplatesTests
{
    [Fact]
    public void The_defaults_are_embedded_and_say_the_rules()
    {
        var templates = PromptTemplates.Default;

        Assert.Contains("{{not_found}}", templates.System);
        Assert.Contains("[1]", templates.System);
        Assert.Contains("{{sources}}", templates.User);
        Assert.Contains("{{question}}", templates.User);
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant], templates.Examples.Select(t => t.Role));
        Assert.Equal("{{not_found}}", templates.Examples[3].Text);
    }

    [Fact]
    public void Files_in_the_override_folder_replace_the_defaults_one_by_one()
    {
        using var dir = new TempDirectory();
        dir.Write("prompts/user.txt", "Q: {{question}}\r\n\r\n{{sources}}\r\n");

        var templates = PromptTemplates.Load(Path.Combine(dir.Path, PromptTemplates.FolderName));

        Assert.Equal("Q: {{question}}\n\n{{sources}}", templates.User);
        Assert.Equal(PromptTemplates.Default.System, templates.System);
        Assert.Equal(PromptTemplates.Default.Examples, templates.Examples);
    }

    [Fact]
    public void A_missing_or_empty_folder_gives_the_defaults()
    {
        using var dir = new TempDirectory();

        Assert.Same(PromptTemplates.Default, PromptTemplates.Load(null));
        Assert.Same(PromptTemplates.Default, PromptTemplates.Load(Path.Combine(dir.Path, "nope")));
        Assert.Same(PromptTemplates.Default, PromptTemplates.Load(dir.Path));
    }

    [Fact]
    public void An_empty_examples_file_means_no_examples()
    {
        using var dir = new TempDirectory();
        dir.Write("examples.txt", "\n");

        Assert.Empty(PromptTemplates.Load(dir.Path).Examples);
    }

    [Fact]
    public void Examples_are_role_blocks()
    {
        var turns = PromptTemplates.ParseExamples("\n<<system>>\nBe brief.\n<<USER>>\nHi\n\nthere\n<<assistant>>\n {{not_found}}\n");

        Assert.Equal(
            [new PromptTurn(ChatRole.System, "Be brief."), new PromptTurn(ChatRole.User, "Hi\n\nthere"), new PromptTurn(ChatRole.Assistant, "{{not_found}}")],
            turns);
    }

    [Theory]
    [InlineData("system.txt", "Hello {{nmae}}", "unknown placeholder {{nmae}}")]
    [InlineData("user.txt", "{{sources}} only", "must contain {{question}}")]
    [InlineData("user.txt", "{{question}} only", "must contain {{sources}}")]
    [InlineData("examples.txt", "<<user>>\n{{question}}", "examples cannot use")]
    [InlineData("examples.txt", "stray\n<<user>>\nhi", "line 1: text before the first")]
    [InlineData("examples.txt", "<<user>>\n\n<<assistant>>\nhi", "an empty user turn")]
    public void Malformed_templates_are_rejected_naming_the_file(string file, string content, string message)
    {
        using var dir = new TempDirectory();
        var path = dir.Write(file, content);

        var error = Assert.Throws<InvalidDataException>(() => PromptTemplates.Load(dir.Path));

        Assert.Contains(message, error.Message);
        Assert.Contains(path, error.Message);
    }
}
