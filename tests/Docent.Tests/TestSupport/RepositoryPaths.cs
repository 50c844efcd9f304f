namespace Docent.Tests.TestSupport;

/// <summary>Locates files of the source checkout (samples/, shared data) from the test's output folder.</summary>
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

    /// <summary>
    /// shared/data beside the checkout (or beside a folder above it, as for a git worktree); throws when absent.
    /// </summary>
    public static string SharedData()
    {
        for (var dir = new DirectoryInfo(Root()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/data not found beside or above " + Root());
    }
}
