using Docent.Chunking;
using Docent.Documents;

namespace Docent.Tests.Chunking;

public sealed class StructuredChunkerTests
{
    private static DocumentBlock Heading(string text, int level, params string[] path) => new(BlockKind.Heading, text, path, null, level);

    private static DocumentBlock Paragraph(string text, string[] path, int? page = null) => new(BlockKind.Paragraph, text, path, page);

    private static string Sentence(char letter, int length) => char.ToUpperInvariant(letter) + new string(letter, length - 2) + ".";

    [Fact]
    public async Task Packs_small_blocks_into_one_chunk_with_the_separator_and_without_the_heading()
    {
        string[] path = ["Intro"];
        var blocks = new[] { Heading("Intro", 1, "Intro"), Paragraph("First paragraph.", path, 3), Paragraph("Second one.", path, 4) };

        var chunk = Assert.Single(await ChunkStreams.ChunkAllAsync(blocks));

        Assert.Equal("First paragraph.\n\nSecond one.", chunk.Text);
        Assert.Equal(new TextSpan("Intro\n\n".Length, chunk.Text.Length), chunk.Span);
        Assert.Equal(path, chunk.HeadingPath);
        Assert.Equal(3, chunk.Page);
        Assert.Equal("doc:0", chunk.Id);
        Assert.Equal(0, chunk.Ordinal);
    }

    [Fact]
    public async Task Chunks_never_straddle_sections()
    {
        var blocks = new[]
        {
            Paragraph("Preamble.", []),
            Heading("A", 1, "A"),
            Paragraph("In A.", ["A"]),
            Heading("B", 2, "A", "B"),
            Heading("C", 3, "A", "B", "C"),
            Paragraph("In C.", ["A", "B", "C"]),
            Paragraph("Also in C.", ["A", "B", "C"]),
        };

        var chunks = await ChunkStreams.ChunkAllAsync(blocks);

        Assert.Equal(["Preamble.", "In A.", "In C.\n\nAlso in C."], chunks.Select(c => c.Text));
        Assert.Equal([[], ["A"], ["A", "B", "C"]], chunks.Select(c => c.HeadingPath.ToArray()));
        Assert.Equal([0, 1, 2], chunks.Select(c => c.Ordinal));
    }

    [Fact]
    public async Task A_change_of_heading_path_starts_a_section_even_without_a_heading_block()
    {
        var chunks = await ChunkStreams.ChunkAllAsync([Paragraph("One.", ["X"]), Paragraph("Two.", ["Y"])]);
        Assert.Equal(["One.", "Two."], chunks.Select(c => c.Text));
    }

    [Fact]
    public async Task A_block_that_does_not_fit_starts_the_next_chunk_whole()
    {
        // MaxTokens 16 = 64 characters.
        string a = Sentence('a', 40);
        string b = Sentence('b', 40);
        var chunks = await ChunkStreams.ChunkAllAsync([Paragraph(a, []), Paragraph(b, [])], new ChunkerOptions { MaxTokens = 16, MinTokens = 0 });
        Assert.Equal([a, b], chunks.Select(c => c.Text));
    }

    [Fact]
    public async Task A_block_over_the_budget_is_split_between_sentences()
    {
        string[] sentences = [Sentence('a', 30), Sentence('b', 30), Sentence('c', 30), Sentence('d', 30)];
        var chunks = await ChunkStreams.ChunkAllAsync([Paragraph(string.Join(' ', sentences), [])], new ChunkerOptions { MaxTokens = 16, MinTokens = 0 });
        Assert.Equal([sentences[0] + " " + sentences[1], sentences[2] + " " + sentences[3]], chunks.Select(c => c.Text));
    }

    [Fact]
    public async Task A_small_open_chunk_is_filled_with_the_first_sentences_of_the_next_block()
    {
        string small = Sentence('s', 10);
        string[] sentences = [Sentence('a', 30), Sentence('b', 30)];
        var blocks = new[] { Paragraph(small, []), Paragraph(string.Join(' ', sentences), []) };

        var filled = await ChunkStreams.ChunkAllAsync(blocks, new ChunkerOptions { MaxTokens = 16, MinTokens = 8 });
        Assert.Equal([small + "\n\n" + sentences[0], sentences[1]], filled.Select(c => c.Text));

        var whole = await ChunkStreams.ChunkAllAsync(blocks, new ChunkerOptions { MaxTokens = 16, MinTokens = 0 });
        Assert.Equal([small, string.Join(' ', sentences)], whole.Select(c => c.Text));
    }

    [Fact]
    public async Task A_sentence_over_the_budget_is_a_chunk_of_its_own()
    {
        string big = "Big " + string.Join(' ', Enumerable.Repeat("word", 30)) + ".";
        string text = $"Short one. {big} Short two.";
        var chunks = await ChunkStreams.ChunkAllAsync([Paragraph(text, [])], new ChunkerOptions { MaxTokens = 16, MinTokens = 0 });
        Assert.Equal(["Short one.", big, "Short two."], chunks.Select(c => c.Text));
        Assert.True(chunks[1].TokenCount > 16);
    }

    [Fact]
    public async Task A_sentence_over_four_budgets_is_cut_at_whitespace()
    {
        string big = "Huge " + string.Join(' ', Enumerable.Range(0, 120).Select(i => $"w{i}")) + ".";
        var chunks = await ChunkStreams.ChunkAllAsync([Paragraph(big, [])], new ChunkerOptions { MaxTokens = 16, MinTokens = 0 });

        Assert.True(chunks.Count > 4);
        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, 16));
        Assert.All(chunks, c => Assert.True(c.Span.End == big.Length || big[(int)c.Span.End] == ' ', $"cut inside a word: {c.Text}"));
        Assert.Equal(big, string.Join(' ', chunks.Select(c => c.Text)));
    }

    [Fact]
    public async Task Text_without_whitespace_is_cut_hard_but_not_inside_a_surrogate_pair()
    {
        string blob = string.Concat(Enumerable.Repeat("ab\U0001F600", 200));
        var chunks = await ChunkStreams.ChunkAllAsync([Paragraph(blob, [])], new ChunkerOptions { MaxTokens = 16, MinTokens = 0 });

        Assert.Equal(blob, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c.Text[^1])));
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, 64));
    }

    [Fact]
    public async Task Code_that_does_not_fit_is_split_between_lines_never_at_dots()
    {
        string[] lines = ["var a = x.Y(1.5);", "    if (a. B) { c.D(); }", "    return e.F. G;", "done.Now();"];
        var code = new DocumentBlock(BlockKind.Code, string.Join('\n', lines), []);
        var chunks = await ChunkStreams.ChunkAllAsync([code], new ChunkerOptions { MaxTokens = 16, MinTokens = 0 });

        Assert.Equal(["var a = x.Y(1.5);\n    if (a. B) { c.D(); }\n    return e.F. G;", "done.Now();"], chunks.Select(c => c.Text));
    }

    [Fact]
    public async Task Pages_come_from_the_first_block_of_each_chunk()
    {
        var blocks = new[] { Paragraph(Sentence('a', 40), [], 1), Paragraph(Sentence('b', 10), [], 2), Paragraph(Sentence('c', 60), [], 3) };
        var chunks = await ChunkStreams.ChunkAllAsync(blocks, new ChunkerOptions { MaxTokens = 16, MinTokens = 0 });
        Assert.Equal([1, 3], chunks.Select(c => c.Page));
        Assert.Equal(blocks[0].Text + "\n\n" + blocks[1].Text, chunks[0].Text);
    }

    [Fact]
    public async Task Empty_blocks_keep_their_separators_in_the_offsets()
    {
        var blocks = new[] { Paragraph("One.", []), Paragraph(string.Empty, []), Paragraph("Two.", []) };
        var chunk = Assert.Single(await ChunkStreams.ChunkAllAsync(blocks));
        Assert.Equal("One.\n\n\n\nTwo.", chunk.Text);
        Assert.Equal(ChunkStreams.Normalised(blocks), chunk.Text);
    }

    [Fact]
    public async Task Documents_without_body_text_have_no_chunks()
    {
        Assert.Empty(await ChunkStreams.ChunkAllAsync([]));
        Assert.Empty(await ChunkStreams.ChunkAllAsync([Heading("Only", 1, "Only"), Heading("Headings", 2, "Only", "Headings")]));
    }

    [Fact]
    public async Task Chunks_are_yielded_before_the_stream_ends()
    {
        int produced = 0;
        async IAsyncEnumerable<DocumentBlock> Endless()
        {
            for (int i = 0; i < 100_000; i++)
            {
                await Task.Yield();
                produced++;
                yield return Paragraph($"Paragraph number {i} of one long section.", ["Only"]);
            }
        }

        int producedAtFirstChunk = -1;
        int seen = 0;
        await foreach (var chunk in new StructuredChunker().ChunkAsync("big", Endless(), new ChunkerOptions { MaxTokens = 64, MinTokens = 0 }))
        {
            if (seen++ == 0)
            {
                producedAtFirstChunk = produced;
            }

            if (seen == 3)
            {
                break;
            }
        }

        Assert.InRange(producedAtFirstChunk, 1, 20);
        Assert.True(produced < 100, $"read {produced} blocks to produce three chunks");
    }

    [Fact]
    public async Task Cancellation_stops_the_stream()
    {
        using var cts = new CancellationTokenSource();
        var blocks = Enumerable.Range(0, 1000).Select(i => Paragraph($"Paragraph {i} with some words in it.", []));
        var enumeration = new StructuredChunker().ChunkAsync("doc", ChunkStreams.ToAsync(blocks), new ChunkerOptions { MaxTokens = 16, MinTokens = 0 }, cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in enumeration)
            {
                cts.Cancel();
            }
        });
    }

    [Fact]
    public async Task Invalid_options_are_rejected_and_options_are_not_changed()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ChunkStreams.ChunkAllAsync([Paragraph("x.", [])], new ChunkerOptions { MaxTokens = 4 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ChunkStreams.ChunkAllAsync([Paragraph("x.", [])], new ChunkerOptions { MaxTokens = 32, MinTokens = 33 }));

        var options = new ChunkerOptions { MaxTokens = 20, MinTokens = 5 };
        await ChunkStreams.ChunkAllAsync([Paragraph("x.", [])], options);
        Assert.Equal((20, 5), (options.MaxTokens, options.MinTokens));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    public void Token_estimate_is_a_quarter_of_the_characters_rounded_up(long characters, int tokens)
    {
        Assert.Equal(tokens, StructuredChunker.EstimateTokens(characters));
    }
}
