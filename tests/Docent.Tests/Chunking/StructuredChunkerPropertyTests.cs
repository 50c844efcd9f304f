using Docent.Chunking;
using Docent.Documents;
using Docent.Text;

namespace Docent.Tests.Chunking;

public sealed class StructuredChunkerPropertyTests
{
    private static readonly SentenceSplitter Splitter = new();

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (int seed = 1; seed <= 40; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Generated_documents_keep_every_invariant(int seed)
    {
        var random = new Random(seed);
        var blocks = GeneratedDocuments.Generate(random);
        int[] budgets = [16, 24, 48, 128, 256];
        int max = budgets[random.Next(budgets.Length)];
        var options = new ChunkerOptions { MaxTokens = max, MinTokens = random.Next(0, max + 1) };

        var chunks = await ChunkStreams.ChunkAllAsync(blocks, options, $"doc{seed}");

        string normalised = ChunkStreams.Normalised(blocks);
        var starts = new long[blocks.Count];
        var sections = new int[blocks.Count];
        long offset = 0;
        int section = 0;
        for (int i = 0; i < blocks.Count; i++)
        {
            starts[i] = offset;
            offset += blocks[i].Text.Length + 2;
            if (blocks[i].Kind == BlockKind.Heading || (i > 0 && !blocks[i].HeadingPath.SequenceEqual(blocks[i - 1].HeadingPath)))
            {
                section++;
            }

            sections[i] = section;
        }

        int BlockAt(long position) => Array.FindLastIndex(starts, s => s <= position);

        // Ordinals, ids, text, token counts, order.
        for (int i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            Assert.Equal(i, chunk.Ordinal);
            Assert.Equal(Chunk.MakeId($"doc{seed}", i), chunk.Id);
            Assert.Equal($"doc{seed}", chunk.DocumentId);
            Assert.False(string.IsNullOrWhiteSpace(chunk.Text));
            Assert.Equal(normalised.Substring((int)chunk.Span.Start, chunk.Span.Length), chunk.Text);
            Assert.Equal(StructuredChunker.EstimateTokens(chunk.Text.Length), chunk.TokenCount);
            if (i > 0)
            {
                Assert.True(chunk.Span.Start >= chunks[i - 1].Span.End, "chunks overlap or are out of order");
            }
        }

        // Headings, pages and sections.
        foreach (var chunk in chunks)
        {
            int first = BlockAt(chunk.Span.Start);
            int last = BlockAt(chunk.Span.End - 1);
            Assert.Equal(blocks[first].Page, chunk.Page);
            for (int b = first; b <= last; b++)
            {
                Assert.NotEqual(BlockKind.Heading, blocks[b].Kind);
                Assert.Equal(sections[first], sections[b]);
                Assert.Equal(blocks[b].HeadingPath, chunk.HeadingPath);
            }
        }

        // Greedy packing: two neighbours of one section never fit the budget together (so no small trailing chunk is left unmerged).
        for (int i = 1; i < chunks.Count; i++)
        {
            if (sections[BlockAt(chunks[i - 1].Span.Start)] == sections[BlockAt(chunks[i].Span.Start)])
            {
                Assert.True(StructuredChunker.EstimateTokens(chunks[i].Span.End - chunks[i - 1].Span.Start) > max);
            }
        }

        var covered = new bool[normalised.Length];
        foreach (var chunk in chunks)
        {
            for (long p = chunk.Span.Start; p < chunk.Span.End; p++)
            {
                covered[p] = true;
            }
        }

        for (int b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            if (block.Kind == BlockKind.Heading)
            {
                Assert.DoesNotContain(chunks, c => c.Span.Start < starts[b] + block.Text.Length && c.Span.End > starts[b]);
                continue;
            }

            // Coverage: every non-space character of a non-heading block is in a chunk.
            for (int p = 0; p < block.Text.Length; p++)
            {
                Assert.True(covered[starts[b] + p] || char.IsWhiteSpace(block.Text[p]), $"block {b} char {p} not in any chunk");
            }

            // Sentences (lines of code) are never split, unless over four budgets.
            foreach (var (start, end) in Pieces(block))
            {
                long pieceStart = starts[b] + start;
                long pieceEnd = starts[b] + end;
                if (StructuredChunker.EstimateTokens(end - start) > 4 * max)
                {
                    continue;
                }

                foreach (var chunk in chunks)
                {
                    bool overlaps = chunk.Span.Start < pieceEnd && chunk.Span.End > pieceStart;
                    Assert.True(!overlaps || (chunk.Span.Start <= pieceStart && chunk.Span.End >= pieceEnd), $"sentence [{pieceStart},{pieceEnd}) split by chunk {chunk.Ordinal}");
                }
            }
        }

        // Budget: only a chunk that is exactly one sentence of at most four budgets may exceed it.
        foreach (var chunk in chunks.Where(c => c.TokenCount > max))
        {
            int b = BlockAt(chunk.Span.Start);
            Assert.Contains(Pieces(blocks[b]), p => starts[b] + p.Start == chunk.Span.Start && starts[b] + p.End == chunk.Span.End);
            Assert.True(chunk.TokenCount <= 4 * max);
        }
    }

    private static IEnumerable<(int Start, int End)> Pieces(DocumentBlock block)
    {
        if (block.Kind != BlockKind.Code)
        {
            return Splitter.Split(block.Text).Select(s => (s.Start, s.End));
        }

        var lines = new List<(int Start, int End)>();
        int lineStart = 0;
        foreach (string line in block.Text.Split('\n'))
        {
            int start = lineStart + (line.Length - line.TrimStart().Length);
            int end = lineStart + line.TrimEnd().Length;
            if (end > start)
            {
                lines.Add((start, end));
            }

            lineStart += line.Length + 1;
        }

        return lines;
    }
}
