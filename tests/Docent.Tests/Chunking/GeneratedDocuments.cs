using System.Text;
using Docent.Documents;

namespace Docent.Tests.Chunking;

/// <summary>Random documents for chunker property tests: headings, prose, lists, code, table rows, pages, and oversized sentences.</summary>
internal static class GeneratedDocuments
{
    public static List<DocumentBlock> Generate(Random random)
    {
        var blocks = new List<DocumentBlock>();
        var path = new List<string>();
        bool paged = random.Next(2) == 0;
        int page = 1;
        int count = random.Next(1, 50);
        for (int i = 0; i < count; i++)
        {
            if (paged && random.Next(4) == 0)
            {
                page++;
            }

            int? blockPage = paged ? page : null;
            switch (random.Next(12))
            {
                case 0:
                case 1:
                    int level = Math.Min(random.Next(1, 4), path.Count + 1);
                    path.RemoveRange(level - 1, path.Count - (level - 1));
                    path.Add($"Heading {i} {Word(random)}");
                    blocks.Add(new DocumentBlock(BlockKind.Heading, path[^1], path.ToArray(), blockPage, level));
                    break;
                case 2:
                    blocks.Add(new DocumentBlock(BlockKind.ListItem, Sentences(random, random.Next(1, 3), 12), path.ToArray(), blockPage));
                    break;
                case 3:
                    blocks.Add(new DocumentBlock(BlockKind.Code, Code(random), path.ToArray(), blockPage));
                    break;
                case 4:
                    blocks.Add(new DocumentBlock(BlockKind.TableRow, string.Join(" | ", Enumerable.Range(0, random.Next(1, 6)).Select(_ => Word(random))), path.ToArray(), blockPage));
                    break;
                case 5:
                    // Prose with a long sentence, often over four budgets.
                    blocks.Add(new DocumentBlock(BlockKind.Paragraph, Sentences(random, 1, 8) + " " + Sentence(random, random.Next(20, 200)) + " " + Sentences(random, 1, 8), path.ToArray(), blockPage));
                    break;
                case 6:
                    // A run without whitespace, forcing a hard cut.
                    blocks.Add(new DocumentBlock(BlockKind.Paragraph, "Blob " + new string('x', random.Next(10, 1500)) + ". Tail here.", path.ToArray(), blockPage));
                    break;
                default:
                    blocks.Add(new DocumentBlock(BlockKind.Paragraph, Sentences(random, random.Next(1, 12), 20), path.ToArray(), blockPage));
                    break;
            }
        }

        return blocks;
    }

    public static string Word(Random random)
    {
        var chars = new char[random.Next(1, 10)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('a' + random.Next(26));
        }

        return new string(chars);
    }

    public static string Sentence(Random random, int words)
    {
        var builder = new StringBuilder();
        string first = Word(random);
        builder.Append(char.ToUpperInvariant(first[0])).Append(first, 1, first.Length - 1);
        for (int i = 1; i < words; i++)
        {
            builder.Append(' ').Append(Word(random));
            if (random.Next(15) == 0)
            {
                builder.Append(random.Next(2) == 0 ? " 3.14" : ", e.g.");
            }
        }

        return builder.Append(".!?"[random.Next(3)]).ToString();
    }

    public static string Sentences(Random random, int count, int maxWords) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => Sentence(random, random.Next(1, maxWords))));

    private static string Code(Random random)
    {
        var lines = Enumerable.Range(0, random.Next(1, 25))
            .Select(i => new string(' ', i == 0 ? 0 : random.Next(0, 3) * 4) + $"x{i}.Call({Word(random)}). Next({random.Next(100)}.5);" + (random.Next(10) == 0 ? new string('y', random.Next(50, 300)) : ""));
        return string.Join('\n', lines);
    }
}
