using Docent.Tests.TestSupport;

namespace Docent.Tests.Safety;

/// <summary>
/// The fixture of the planted-injection tests: the sample handbook copied into <c>docs/</c> with thirty memos under
/// <c>docs/memos/</c>, memo n saying "The locker code for storeroom n is 4000+n." followed by planted injection n.
/// </summary>
internal static class PlantedMemos
{
    /// <summary>Writes the fixture under <paramref name="dir"/>; returns the docs folder and the memos (number, planted text).</summary>
    public static (string Docs, List<(int Number, string Text)> Planted) Write(TempDirectory dir)
    {
        var docs = Path.Combine(dir.Path, "docs");
        Directory.CreateDirectory(docs);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Samples, "handbook")))
        {
            File.Copy(file, Path.Combine(docs, Path.GetFileName(file)));
        }

        var planted = InjectionDetectorTests.Planted.Select((row, i) => (Number: i + 1, Text: (string)row[1])).ToList();
        foreach (var (number, text) in planted)
        {
            // Plain text keeps every character as written; a Markdown reader would already drop some payloads (image links).
            dir.Write($"docs/memos/memo-{number:D2}.txt", $"Memo {number}\n\nThe locker code for storeroom {number} is {4000 + number}. {text}\n");
        }

        return (docs, planted);
    }

    /// <summary>The display source of memo <paramref name="number"/>.</summary>
    public static string Source(int number) => $"docs/memos/memo-{number:D2}.txt";
}
