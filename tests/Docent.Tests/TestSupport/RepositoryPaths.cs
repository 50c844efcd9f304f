namespace Docent.Tests.TestSupport;

/// <summary>Locates files of the source checkout (samples/, committed test fixtures) from the test's output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Docent.slnx.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Docent.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Docent.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>samples/ of the checkout.</summary>
    public static string Samples => Path.Combine(Root(), "samples");

    /// <summary>tests/Docent.Tests/Fixtures: the small model and tokenizer files committed for the tests (origins in SOURCES.md there).</summary>
    public static string Fixtures => Path.Combine(Root(), "tests", "Docent.Tests", "Fixtures");

    /// <summary>A committed fixture file or folder under <see cref="Fixtures"/>; throws naming it when absent, so a test fails rather than skips.</summary>
    public static string Fixture(params string[] parts)
    {
        var path = Path.Combine([Fixtures, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException(
                "test fixture " + Path.Combine(parts) + " is missing from " + Fixtures + "; it is committed with the repository (see SOURCES.md there), so restore it from git",
                path);
        }

        return path;
    }
}
