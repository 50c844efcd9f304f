using System.Text;
using Docent.Documents;

namespace Docent.Tests.Documents;

/// <summary>Builds <see cref="DocumentInput"/>s over in-memory bytes and drains readers.</summary>
internal static class ReaderTestSupport
{
    public static DocumentInput FromBytes(string path, byte[] bytes) =>
        new(path, bytes.Length, bytes.AsMemory(0, Math.Min(bytes.Length, 4096)), () => new MemoryStream(bytes, writable: false));

    public static DocumentInput FromText(string path, string text) => FromBytes(path, Encoding.UTF8.GetBytes(text));

    public static async Task<List<DocumentBlock>> ReadAllAsync(IDocumentReader reader, DocumentInput input)
    {
        var blocks = new List<DocumentBlock>();
        await foreach (var block in reader.ReadAsync(input))
        {
            blocks.Add(block);
        }

        return blocks;
    }

    public static string Path(DocumentBlock block) => string.Join(" > ", block.HeadingPath);
}
