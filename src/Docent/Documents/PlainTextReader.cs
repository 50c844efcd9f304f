using System.Runtime.CompilerServices;
using System.Text;

namespace Docent.Documents;

/// <summary>
/// Reads plain text ("text") as a stream: the encoding comes from the byte order mark (UTF-8, UTF-16 LE/BE),
/// else from the zero bytes of UTF-16 without a mark (<see cref="ContentSniffer.DetectUtf16WithoutBom"/>),
/// else UTF-8; bytes are decoded in 64 KiB buffers and paragraph, list-item and heading blocks
/// (Markdown-style "#" headings, man page sections: see <see cref="TextBlockAssembler"/>) are yielded as
/// soon as they end, so memory stays bounded whatever the file size. Invalid bytes become U+FFFD and are
/// counted in one warning; UTF-8 mojibake is repaired and reported. Stateless and thread-safe.
/// </summary>
public sealed class PlainTextReader : IDocumentReader
{
    /// <summary>The longest block this reader emits, in characters; longer text is split at whitespace.</summary>
    public const int MaxBlockChars = 32 * 1024;

    private const int BufferBytes = 64 * 1024;

    /// <inheritdoc />
    public string Format => "text";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ContentSniffer.LooksLikeText(input.Head.Span);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(
        DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        await using var stream = input.Open();
        var bytes = new byte[BufferBytes];
        var count = await stream.ReadAtLeastAsync(bytes, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);

        var fallback = new CountingDecoderFallback();
        // The sniffed head (up to 4 KiB) is the better sample for UTF-16 without a BOM than the first read.
        var sample = input.Head.Length > count ? input.Head.Span : bytes.AsSpan(0, count);
        var (encoding, preambleLength) = ChooseEncoding(sample, fallback);
        var decoder = encoding.GetDecoder();
        var chars = new char[encoding.GetMaxCharCount(BufferBytes)];
        var assembler = new TextBlockAssembler(MaxBlockChars);
        var blocks = new List<DocumentBlock>();
        var offset = preambleLength;
        var titleSet = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var endOfInput = count == 0;
            var decoded = decoder.GetChars(bytes, offset, count - offset, chars, 0, flush: endOfInput);
            assembler.Append(chars.AsSpan(0, decoded), blocks);
            if (endOfInput)
            {
                assembler.Complete(blocks);
            }

            if (!titleSet && (blocks.Count > 0 || endOfInput))
            {
                input.Report.Title ??= assembler.Title;
                titleSet = true;
            }

            foreach (var block in blocks)
            {
                yield return block;
            }

            blocks.Clear();
            if (endOfInput)
            {
                break;
            }

            count = await stream.ReadAsync(bytes, cancellationToken).ConfigureAwait(false);
            offset = 0;
        }

        if (fallback.Count > 0)
        {
            var name = encoding.CodePage == Encoding.UTF8.CodePage ? "UTF-8" : "UTF-16";
            input.Report.Warn($"{fallback.Count} invalid {name} byte sequences replaced");
        }

        if (assembler.MojibakeRepairs > 0)
        {
            input.Report.Warn($"repaired mojibake ({assembler.MojibakeRepairs} sequences)");
        }
    }

    // The encoding named by the byte order mark (UTF-8 without one), with the counting fallback, and the
    // length of the mark to skip.
    private static (Encoding Encoding, int PreambleLength) ChooseEncoding(ReadOnlySpan<byte> head, DecoderFallback fallback)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.GetEncoding("utf-16", EncoderFallback.ReplacementFallback, fallback), 2);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.GetEncoding("utf-16BE", EncoderFallback.ReplacementFallback, fallback), 2);
        }

        if (ContentSniffer.DetectUtf16WithoutBom(head) is { } utf16)
        {
            return (Encoding.GetEncoding(utf16.WebName, EncoderFallback.ReplacementFallback, fallback), 0);
        }

        var utf8 = Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, fallback);
        return (utf8, head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0);
    }
}
