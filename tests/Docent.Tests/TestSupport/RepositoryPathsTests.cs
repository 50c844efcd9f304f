namespace Docent.Tests.TestSupport;

public sealed class RepositoryPathsTests
{
    [Fact]
    public void AMissingFixtureFailsNamingIt()
    {
        var error = Assert.Throws<FileNotFoundException>(() => RepositoryPaths.Fixture("stories260K", "no-such-model.gguf"));

        Assert.Contains(Path.Combine("stories260K", "no-such-model.gguf"), error.Message, StringComparison.Ordinal);
        Assert.Contains("SOURCES.md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCommittedFixtureIsListedInSourcesMd()
    {
        var sources = File.ReadAllText(RepositoryPaths.Fixture("SOURCES.md"));
        var files = Directory.GetFiles(RepositoryPaths.Fixtures, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryPaths.Fixtures, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("onnx/", StringComparison.Ordinal) && path is not "SOURCES.md" and not ".gitattributes");

        Assert.All(files, file => Assert.Contains("| " + file + " |", sources, StringComparison.Ordinal));
    }
}
