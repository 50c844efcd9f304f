using System.Text.RegularExpressions;
using Docent.Documents;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Documents;

/// <summary>
/// Keeps samples/ honest: every handbook file is readable by the reader the selector picks, and every
/// expected phrase of samples/QUESTIONS.md occurs in exactly one block, of the file it names.
/// </summary>
public sealed partial class SampleCorpusTests
{
    [Fact]
    public async Task Every_expected_phrase_is_found_once_in_the_named_file()
    {
        var samples = Path.Combine(RepositoryPaths.Root(), "samples");
        var blocksByFile = new Dictionary<string, List<DocumentBlock>>();
        var selector = DocumentReaderSelector.CreateDefault();
        foreach (var path in Directory.GetFiles(Path.Combine(samples, "handbook")))
        {
            var bytes = await File.ReadAllBytesAsync(path);
            var input = new DocumentInput(path, bytes.Length, bytes.AsMemory(0, Math.Min(4096, bytes.Length)), () => File.OpenRead(path));
            var reader = selector.Select(input).Reader;
            Assert.True(reader is not null, $"{path} is skipped");
            blocksByFile[Path.GetFileName(path)] = await ReaderTestSupport.ReadAllAsync(reader, input);
            Assert.False(string.IsNullOrEmpty(input.Report.Title), $"{path} has no title");
            Assert.Empty(input.Report.Warnings);
        }

        Assert.Equal(5, blocksByFile.Keys.Select(Path.GetExtension).Distinct().Count());
        var questions = QuestionRow().Matches(await File.ReadAllTextAsync(Path.Combine(samples, "QUESTIONS.md")));
        Assert.Equal(10, questions.Count);
        foreach (Match question in questions)
        {
            var phrase = question.Groups["phrase"].Value;
            var file = question.Groups["file"].Value;
            var hits = blocksByFile.SelectMany(pair => pair.Value.Where(b => b.Text.Contains(phrase, StringComparison.Ordinal)).Select(_ => pair.Key)).ToList();
            Assert.True(hits.Count == 1 && hits[0] == file, $"'{phrase}' expected once in {file}, found in [{string.Join(", ", hits)}]");
        }
    }

    [Fact]
    public void Generated_samples_are_small()
    {
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryPaths.Root(), "samples", "handbook")))
        {
            Assert.InRange(new FileInfo(path).Length, 1, 100 * 1024 - 1);
        }
    }

    [GeneratedRegex(@"^\| \d+ \| [^|]+ \| (?<phrase>[^|]+?) \| (?<file>[^|]+?) \|$", RegexOptions.Multiline)]
    private static partial Regex QuestionRow();
}
