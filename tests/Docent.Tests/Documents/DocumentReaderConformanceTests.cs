using System.Text;
using Docent.Documents;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

/// <summary>
/// Behaviour every <see cref="IDocumentReader"/> must share; one subclass per implementation supplies a small valid
/// document holding <see cref="Paragraphs"/> (under the headings "Lighthouse" and, below it, "Harbour" where the
/// format has headings) in its own format.
/// </summary>
public abstract class DocumentReaderConformanceTests
{
    /// <summary>The body text every subclass's document holds, in this order.</summary>
    protected static readonly string[] Paragraphs =
    [
        "The lighthouse keeper lights the lamp at dusk.",
        "Boats return to the harbour before the storm.",
    ];

    /// <summary>The reader under test.</summary>
    protected abstract IDocumentReader Reader { get; }

    /// <summary>A file name with the format's usual extension.</summary>
    protected abstract string FileName { get; }

    /// <summary>Whether the format has headings (the document then puts the second paragraph under "Lighthouse" › "Harbour").</summary>
    protected virtual bool HasHeadings => true;

    /// <summary>
    /// Whether the format is a binary container: empty, garbage or truncated content is then refused with a
    /// <see cref="DocumentReadException"/>; text formats read whatever text there is instead.
    /// </summary>
    protected virtual bool IsBinaryFormat => false;

    /// <summary>The bytes a file of this format starts with (its magic number), or none.</summary>
    protected virtual byte[] Signature => [];

    /// <summary>The valid document, in the reader's format.</summary>
    protected abstract byte[] ValidDocument();

    private DocumentInput Valid() => FromBytes(FileName, ValidDocument());

    private static byte[] Garbage(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public virtual async Task The_documents_text_comes_in_order_and_the_format_is_reported()
    {
        var input = Valid();

        var blocks = await ReadAllAsync(Reader, input);

        Assert.Equal(Paragraphs, blocks.Where(b => b.Kind != BlockKind.Heading).Select(b => b.Text));
        Assert.False(string.IsNullOrWhiteSpace(Reader.Format));
        Assert.Equal(Reader.Format, input.Report.Format);
    }

    [Fact]
    public virtual async Task Block_text_is_normalised_and_never_empty()
    {
        var blocks = await ReadAllAsync(Reader, Valid());

        Assert.NotEmpty(blocks);
        Assert.All(blocks, block =>
        {
            Assert.False(string.IsNullOrWhiteSpace(block.Text));
            Assert.Equal(block.Text.Trim(), block.Text);
            Assert.True(block.Text.IsNormalized(NormalizationForm.FormC));
            Assert.DoesNotContain("  ", block.Text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public virtual async Task Heading_paths_follow_the_headings_read_so_far()
    {
        var blocks = await ReadAllAsync(Reader, Valid());

        IReadOnlyList<string> current = [];
        foreach (var block in blocks)
        {
            if (block.Kind == BlockKind.Heading)
            {
                Assert.InRange(block.HeadingLevel, 1, 6);
                Assert.Equal(block.Text, block.HeadingPath[^1]);
                Assert.Equal(block.HeadingLevel >= 2, block.HeadingPath.Count >= 2);
                current = block.HeadingPath;
            }
            else
            {
                Assert.Equal(0, block.HeadingLevel);
                Assert.Equal(current, block.HeadingPath);
            }
        }

        var second = Assert.Single(blocks, b => b.Text == Paragraphs[1]);
        Assert.Equal(HasHeadings ? ["Lighthouse", "Harbour"] : [], second.HeadingPath);
        Assert.Equal(HasHeadings ? 2 : 0, blocks.Count(b => b.Kind == BlockKind.Heading));
    }

    [Fact]
    public virtual async Task An_empty_file_has_no_blocks_or_is_refused_with_a_read_error_for_binary_formats()
    {
        var input = FromBytes(FileName, []);

        if (IsBinaryFormat)
        {
            var error = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(Reader, input));
            Assert.Equal(FileName, error.Path);
        }
        else
        {
            Assert.Empty(await ReadAllAsync(Reader, input));
        }
    }

    [Fact]
    public virtual void CanRead_accepts_the_format_and_refuses_binary_garbage()
    {
        Assert.True(Reader.CanRead(Valid()));
        Assert.False(Reader.CanRead(FromBytes(FileName, Garbage(seed: 7, 2048))));
        if (IsBinaryFormat)
        {
            Assert.False(Reader.CanRead(FromText(FileName, string.Join("\n\n", Paragraphs))));
        }
    }

    [Fact]
    public virtual async Task A_cancelled_token_stops_the_read_before_the_first_block()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var blocks = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Reader.ReadAsync(Valid(), cancelled.Token))
            {
                blocks++;
            }
        });

        Assert.Equal(0, blocks);
    }

    [Fact]
    public virtual async Task Cancelling_after_the_first_block_stops_the_read_before_the_end()
    {
        var total = (await ReadAllAsync(Reader, Valid())).Count;
        using var cancellation = new CancellationTokenSource();
        var blocks = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Reader.ReadAsync(Valid(), cancellation.Token))
            {
                blocks++;
                await cancellation.CancelAsync();
            }
        });

        // A reader may finish the unit it has already parsed (a PDF page), never the whole document.
        Assert.InRange(blocks, 1, total - 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public virtual async Task Garbage_after_the_signature_is_a_read_error_naming_the_file_never_a_library_exception(int seed)
    {
        var input = FromBytes(FileName, [.. Signature, .. Garbage(seed, 3000)]);

        await AssertReadsOrFailsInPlainWordsAsync(input);
    }

    [Fact]
    public virtual async Task A_truncated_document_is_a_read_error_naming_the_file_never_a_library_exception()
    {
        var valid = ValidDocument();
        var input = FromBytes(FileName, valid[..(valid.Length / 2)]);

        await AssertReadsOrFailsInPlainWordsAsync(input);
    }

    /// <summary>A binary format must refuse the input with a plain-words read error; a text format reads it as normalised blocks.</summary>
    private async Task AssertReadsOrFailsInPlainWordsAsync(DocumentInput input)
    {
        if (IsBinaryFormat)
        {
            var error = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(Reader, input));
            Assert.Equal(FileName, error.Path);
            Assert.DoesNotMatch("UglyToad|DocumentFormat|System\\.|Exception|Index was out of range", error.Reason);
        }
        else
        {
            Assert.All(await ReadAllAsync(Reader, input), block =>
            {
                Assert.False(string.IsNullOrWhiteSpace(block.Text));
                Assert.Equal(block.Text.Trim(), block.Text);
            });
        }
    }
}
