using Docent.Cli.Commands;
using Docent.Cli.Output;
using Docent.Storage;

namespace Docent.Cli.Tests;

/// <summary>Short document ids are unique prefixes, lengthened like git's where ids share a prefix; `docs remove` resolves them.</summary>
public sealed class ShortIdTests
{
    private static DocumentRecord Document(string id, string source) =>
        new(id, source, "title", "markdown", "hash", 1, 1, DateTimeOffset.UnixEpoch, []);

    [Fact]
    public void Ids_sharing_their_first_eight_characters_are_lengthened_until_unique()
    {
        var shortIds = ShortIds.Shorten(["cea5d7a129afc722", "cea5d7a1ffff0000", "0123456789abcdef"]);

        Assert.Equal("cea5d7a12", shortIds["cea5d7a129afc722"]);
        Assert.Equal("cea5d7a1f", shortIds["cea5d7a1ffff0000"]);
        Assert.Equal("01234567", shortIds["0123456789abcdef"]);
    }

    [Fact]
    public void A_unique_prefix_resolves_to_the_full_id_and_an_ambiguous_one_names_the_candidates()
    {
        var stored = new[] { Document("cea5d7a129afc722", "/docs/a.md"), Document("cea5d7a1ffff0000", "/docs/b.md"), Document("0123456789abcdef", "/docs/c.md") };

        Assert.Equal(("0123456789abcdef", null), DocsCommand.ResolveIdPrefix("01234567", stored));
        Assert.Equal(("cea5d7a129afc722", null), DocsCommand.ResolveIdPrefix("CEA5D7A12", stored));
        Assert.Equal(("./c.md", null), DocsCommand.ResolveIdPrefix("./c.md", stored)); // paths pass through

        var (_, problem) = DocsCommand.ResolveIdPrefix("cea5", stored);

        Assert.NotNull(problem);
        Assert.Contains("matches 2 documents", problem, StringComparison.Ordinal);
        Assert.Contains("cea5d7a12 (/docs/a.md)", problem, StringComparison.Ordinal);
        Assert.Contains("cea5d7a1f (/docs/b.md)", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }
}
