using Docent.Chunking;
using Docent.Documents;

namespace Docent.Tests.Chunking;

/// <summary>Helpers turning block lists into async streams and collecting chunks.</summary>
internal static class ChunkStreams
{
    public static async IAsyncEnumerable<DocumentBlock> ToAsync(IEnumerable<DocumentBlock> blocks)
    {
        foreach (var block in blocks)
        {
            await Task.Yield();
            yield return block;
        }
    }

    public static async Task<List<Chunk>> ChunkAllAsync(IEnumerable<DocumentBlock> blocks, ChunkerOptions? options = null, string documentId = "doc")
    {
        var chunks = new List<Chunk>();
        await foreach (var chunk in new StructuredChunker().ChunkAsync(documentId, ToAsync(blocks), options))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    public static string Normalised(IEnumerable<DocumentBlock> blocks) => string.Join("\n\n", blocks.Select(b => b.Text));
}
