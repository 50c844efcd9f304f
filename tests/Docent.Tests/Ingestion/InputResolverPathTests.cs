using Docent.Ingestion;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Ingestion;

/// <summary>
/// The input resolver on ordinary inputs: files, folders, glob patterns, missing paths, the same file given twice,
/// and what a folder walk leaves out (hidden entries, build folders, the data folder, non-documents).
/// </summary>
public sealed class InputResolverPathTests : IDisposable
{
    private readonly TempDirectory _docs = new();

    public void Dispose() => _docs.Dispose();

    private string Full(string relative) => Path.Combine(_docs.Path, relative);

    [Fact]
    public void A_file_is_listed_as_given_and_is_its_own_root()
    {
        var file = _docs.Write("notes.md", "# Notes");

        var resolved = new InputResolver().Resolve([file]);

        Assert.Equal([file], resolved.Files);
        Assert.Equal([file], resolved.Roots);
        Assert.Empty(resolved.Problems);
    }

    [Fact]
    public void A_folder_is_walked_recursively_in_name_order_with_each_folders_files_before_its_subfolders()
    {
        var b = _docs.Write("b.md", "b");
        var a = _docs.Write("a.txt", "a");
        var deep = _docs.Write("sub/deeper/c.html", "<p>c</p>");
        var z = _docs.Write("sub/z.md", "z");

        var resolved = new InputResolver().Resolve([_docs.Path + Path.DirectorySeparatorChar]);

        Assert.Equal([a, b, z, deep], resolved.Files);
        Assert.Equal([_docs.Path], resolved.Roots);
        Assert.Empty(resolved.Problems);
    }

    [Fact]
    public void A_folder_walk_skips_hidden_entries_build_folders_and_the_data_folder_and_reports_non_documents()
    {
        var kept = _docs.Write("kept.md", "kept");
        _docs.Write(".hidden.md", "hidden");
        _docs.Write(".git/config.md", "git");
        _docs.Write("bin/out.md", "bin");
        _docs.Write("obj/out.md", "obj");
        _docs.Write("node_modules/pkg/readme.md", "npm");
        _docs.Write("data/docent.md", "the data folder");
        var image = _docs.Write("photo.gif", "not read: only PNG, JPEG and TIFF scans are documents (OCR)");

        var resolved = new InputResolver(excludedDirectory: Full("data")).Resolve([_docs.Path]);

        Assert.Equal([kept], resolved.Files);
        var problem = Assert.Single(resolved.Problems);
        Assert.Equal((image, IngestStatus.Skipped), (problem.Path, problem.Status));
        Assert.Equal("not a document type (image, archive or binary)", problem.Error);
    }

    [Fact]
    public void A_file_given_by_name_is_listed_even_where_a_walk_would_not_look()
    {
        var hidden = _docs.Write("bin/.notes.md", "hidden");

        var resolved = new InputResolver().Resolve([hidden]);

        Assert.Equal([hidden], resolved.Files);
    }

    [Fact]
    public void A_glob_matches_its_own_level_and_a_double_star_glob_every_level()
    {
        var top = _docs.Write("top.md", "top");
        _docs.Write("top.txt", "not markdown");
        var nested = _docs.Write("sub/nested.md", "nested");

        var oneLevel = new InputResolver().Resolve([Full("*.md")]);
        var everyLevel = new InputResolver().Resolve([Full(Path.Combine("**", "*.md"))]);

        Assert.Equal([top], oneLevel.Files);
        Assert.Equal([top, nested], everyLevel.Files);
        Assert.Equal([_docs.Path], everyLevel.Roots);
        Assert.Empty(everyLevel.Problems);
    }

    [Fact]
    public void A_glob_that_matches_nothing_or_whose_folder_is_missing_fails_with_the_reason()
    {
        _docs.Write("a.md", "a");
        var noMatch = Full("*.pdf");
        var noFolder = Full(Path.Combine("missing", "*.md"));

        var resolved = new InputResolver().Resolve([noMatch, noFolder]);

        Assert.Empty(resolved.Files);
        Assert.Equal(
            [(noMatch, IngestStatus.Failed, "no files match this pattern"), (noFolder, IngestStatus.Failed, $"folder not found: {Full("missing")}")],
            resolved.Problems.Select(p => (p.Path, p.Status, p.Error)));
    }

    [Fact]
    public void A_missing_path_fails_with_its_full_path_and_the_rest_is_still_resolved()
    {
        var good = _docs.Write("good.md", "good");
        var missing = Full("nowhere.md");

        var resolved = new InputResolver().Resolve([missing, good, "", "  "]);

        Assert.Equal([good], resolved.Files);
        var problem = Assert.Single(resolved.Problems);
        Assert.Equal((missing, IngestStatus.Failed, "path not found"), (problem.Path, problem.Status, problem.Error));
    }

    [Fact]
    public void The_same_file_given_twice_or_also_inside_a_given_folder_is_listed_once_without_a_problem()
    {
        var file = _docs.Write("a.md", "a");
        var other = _docs.Write("b.md", "b");

        var resolved = new InputResolver().Resolve([file, _docs.Path, file, Full("*.md")]);

        Assert.Equal([file, other], resolved.Files);
        Assert.Empty(resolved.Problems);
    }
}
