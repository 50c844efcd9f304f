using Docent.Chunking;
using Docent.Documents;
using Docent.Text;

namespace Docent.Tests.Chunking;

/// <summary>
/// The chunker's per-document state machine on its own: which call hands back a chunk, spans measured over the
/// normalised text (headings and blank blocks included), the budget, heading paths, and cancellation inside one block.
/// </summary>
public sealed class ChunkPackerTests
{
    private static ChunkPacker Packer(int maxTokens = 16, int minTokens = 0) => new("doc", maxTokens, minTokens, new SentenceSplitter());

    private static DocumentBlock Paragraph(string text, params string[] path) => new(BlockKind.Paragraph, text, path);

    private static DocumentBlock Heading(string text, int level, params string[] path) => new(BlockKind.Heading, text, path, null, level);

    private static string Sentence(char letter, int length) => char.ToUpperInvariant(letter) + new string(letter, length - 2) + ".";

    private static List<Chunk> PackAll(ChunkPacker packer, IEnumerable<DocumentBlock> blocks)
    {
        var chunks = new List<Chunk>();
        foreach (var block in blocks)
        {
            chunks.AddRange(packer.Add(block, CancellationToken.None));
        }

        chunks.AddRange(packer.Complete());
        return chunks;
    }

    [Fact]
    public void A_chunk_is_handed_back_by_the_call_that_completes_it_and_the_last_by_Complete()
    {
        var packer = Packer(maxTokens: 16); // 64 characters
        string a = Sentence('a', 40), b = Sentence('b', 40), c = Sentence('c', 10);

        var afterA = packer.Add(Paragraph(a), CancellationToken.None).ToList();
        var afterB = packer.Add(Paragraph(b), CancellationToken.None).ToList();
        var afterC = packer.Add(Paragraph(c), CancellationToken.None).ToList();
        var last = packer.Complete().ToList();

        Assert.Empty(afterA);
        Assert.Equal([a], afterB.Select(ch => ch.Text));
        Assert.Empty(afterC); // c joins b's open chunk
        Assert.Equal([b + "\n\n" + c], last.Select(ch => ch.Text));
        Assert.Equal([0, 1], afterB.Concat(last).Select(ch => ch.Ordinal));
        Assert.Empty(packer.Complete());
    }

    [Fact]
    public void Spans_count_headings_and_blank_blocks_and_point_at_the_chunk_text_in_the_normalised_text()
    {
        var blocks = new[]
        {
            Heading("Guide", 1, "Guide"),
            Paragraph("First part.", "Guide"),
            Paragraph("", "Guide"),
            Paragraph("Second part.", "Guide"),
            Heading("Usage", 2, "Guide", "Usage"),
            Paragraph(Sentence('u', 50) + " " + Sentence('v', 50), "Guide", "Usage"),
        };
        var normalised = string.Join("\n\n", blocks.Select(b => b.Text));
        var packer = Packer(maxTokens: 16);

        var chunks = PackAll(packer, blocks);

        Assert.Equal(["First part.\n\n\n\nSecond part.", Sentence('u', 50), Sentence('v', 50)], chunks.Select(c => c.Text));
        Assert.All(chunks, c => Assert.Equal(c.Text, normalised.Substring((int)c.Span.Start, c.Span.Length)));
        Assert.Equal("Guide\n\n".Length, chunks[0].Span.Start);
        Assert.Equal([["Guide"], ["Guide", "Usage"], ["Guide", "Usage"]], chunks.Select(c => c.HeadingPath.ToArray()));
    }

    [Fact]
    public void A_heading_closes_the_open_chunk_at_once()
    {
        var packer = Packer();
        packer.Add(Paragraph("Before the heading.", "A"), CancellationToken.None).ToList();

        var closed = packer.Add(Heading("B", 1, "B"), CancellationToken.None).ToList();

        Assert.Equal(["Before the heading."], closed.Select(c => c.Text));
        Assert.DoesNotContain(packer.Complete(), c => c.Text.Contains('B', StringComparison.Ordinal));
    }

    [Fact]
    public void No_chunk_exceeds_the_budget_and_no_two_neighbours_would_fit_it_together()
    {
        const int Budget = 12;
        var packer = Packer(maxTokens: Budget);
        var random = new Random(3);
        var blocks = Enumerable.Range(0, 60).Select(i => Paragraph(Sentence((char)('a' + (i % 26)), random.Next(4, 40)), "S")).ToList();

        var chunks = PackAll(packer, blocks);

        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, Budget));
        Assert.All(chunks.Zip(chunks.Skip(1)), pair =>
            Assert.True(StructuredChunker.EstimateTokens(pair.Second.Span.End - pair.First.Span.Start) > Budget, "neighbours fit together"));
        Assert.Equal(string.Join("", blocks.Select(b => b.Text)), string.Join("", chunks.Select(c => c.Text.Replace("\n", "", StringComparison.Ordinal))));
    }

    [Fact]
    public void A_cancelled_token_stops_splitting_a_long_block()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var longBlock = string.Join(' ', Enumerable.Range(0, 200).Select(i => Sentence((char)('a' + (i % 26)), 30)));

        Assert.ThrowsAny<OperationCanceledException>(() => Packer(maxTokens: 16).Add(Paragraph(longBlock), cancelled.Token).ToList());
    }

    [Fact]
    public void A_chunks_region_is_the_union_of_its_blocks_regions_on_its_page()
    {
        var top = new PageRegion(0.1, 0.1, 0.5, 0.1);
        var below = new PageRegion(0.2, 0.25, 0.7, 0.05);
        var blocks = new[]
        {
            new DocumentBlock(BlockKind.Paragraph, "Top line.", [], 1) { Region = top },
            new DocumentBlock(BlockKind.Paragraph, "Below it.", [], 1) { Region = below },
        };

        var chunk = Assert.Single(PackAll(Packer(maxTokens: 64), blocks));

        Assert.Equal(1, chunk.Page);
        var region = chunk.Region!.Value;
        Assert.Equal(0.1, region.Left, 9);
        Assert.Equal(0.1, region.Top, 9);
        Assert.Equal(0.8, region.Width, 9); // right edge 0.9, from the second block
        Assert.Equal(0.2, region.Height, 9); // bottom edge 0.3, from the second block
    }

    [Fact]
    public void A_sentence_of_a_split_block_keeps_its_blocks_region()
    {
        var box = new PageRegion(0.05, 0.6, 0.9, 0.3);
        string a = Sentence('a', 50), b = Sentence('b', 50);
        var block = new DocumentBlock(BlockKind.Paragraph, a + " " + b, [], 3) { Region = box };

        var chunks = PackAll(Packer(maxTokens: 16), [block]);

        Assert.Equal([a, b], chunks.Select(c => c.Text));
        Assert.All(chunks, c => Assert.Equal((3, box), (c.Page, c.Region)));
    }

    [Fact]
    public void A_chunk_has_no_region_when_a_block_has_none_or_its_blocks_span_pages()
    {
        var box = new PageRegion(0.1, 0.1, 0.5, 0.1);
        var withAndWithout = new[]
        {
            new DocumentBlock(BlockKind.Paragraph, "Boxed.", [], 1) { Region = box },
            new DocumentBlock(BlockKind.Paragraph, "Unboxed.", [], 1),
        };
        var acrossPages = new[]
        {
            new DocumentBlock(BlockKind.Paragraph, "End of one.", [], 1) { Region = box },
            new DocumentBlock(BlockKind.Paragraph, "Start of two.", [], 2) { Region = box },
        };

        var mixed = Assert.Single(PackAll(Packer(maxTokens: 64), withAndWithout));
        var spanning = Assert.Single(PackAll(Packer(maxTokens: 64), acrossPages));
        var text = Assert.Single(PackAll(Packer(maxTokens: 64), [Paragraph("Plain text."), Paragraph("More of it.")]));

        Assert.Null(mixed.Region);
        Assert.Equal(1, spanning.Page);
        Assert.Null(spanning.Region);
        Assert.Null(text.Region);
    }
}
