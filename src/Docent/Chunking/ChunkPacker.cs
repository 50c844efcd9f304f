using System.Text;
using Docent.Documents;
using Docent.Text;

namespace Docent.Chunking;

/// <summary>
/// The state of <see cref="StructuredChunker"/> for one document: the running offset in the normalised text,
/// the current section, the open chunk and the blocks it covers. Not thread-safe (one per call).
/// </summary>
internal sealed class ChunkPacker(string documentId, int maxTokens, int minTokens, ISentenceSplitter sentenceSplitter)
{
    private const string BlockSeparator = "\n\n";

    /// <summary>Blocks of the current section that the open chunk may still need (the last is the newest).</summary>
    private readonly List<HeldBlock> held = [];
    private readonly List<Chunk> ready = [];

    private bool anyBlock;
    private long previousBlockEnd;
    private IReadOnlyList<string>? sectionPath;
    private int ordinal;

    // The open chunk: [chunkStart, chunkEnd) in the normalised text, or chunkStart < 0 when none is open.
    private long chunkStart = -1;
    private long chunkEnd;
    private int? chunkPage;

    /// <summary>Takes the next block and returns the chunks it completed.</summary>
    public IEnumerable<Chunk> Add(DocumentBlock block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        string text = block.Text ?? string.Empty;
        long start = anyBlock ? previousBlockEnd + BlockSeparator.Length : 0;
        anyBlock = true;
        previousBlockEnd = start + text.Length;

        if (block.Kind == BlockKind.Heading)
        {
            CloseSection();
            sectionPath = null;
            return Drain();
        }

        var path = block.HeadingPath ?? [];
        if (sectionPath is null || !SamePath(sectionPath, path))
        {
            CloseSection();
            sectionPath = path;
        }

        if (text.Length == 0)
        {
            return Drain();
        }

        var current = new HeldBlock(text, start, block.Page);
        held.Add(current);
        if (chunkStart >= 0 && EstimateTokens(current.End - chunkStart) <= maxTokens)
        {
            chunkEnd = current.End;
            return Drain();
        }

        bool fitsAlone = EstimateTokens(text.Length) <= maxTokens;
        bool openChunkIsBigEnough = chunkStart < 0 || EstimateTokens(chunkEnd - chunkStart) >= minTokens;
        if (fitsAlone && openChunkIsBigEnough)
        {
            Close();
            Open(current.Start, current.End, current.Page);
            return Drain();
        }

        return PlacePieces(current, block.Kind, cancellationToken);
    }

    /// <summary>Ends the document and returns the last chunks.</summary>
    public IEnumerable<Chunk> Complete()
    {
        CloseSection();
        return Drain();
    }

    private static int EstimateTokens(long characters) => StructuredChunker.EstimateTokens(characters);

    private static bool SamePath(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The non-blank lines of code, trimmed: code is never split at punctuation.</summary>
    private static List<(int Start, int End)> Lines(string text)
    {
        var lines = new List<(int Start, int End)>();
        int lineStart = 0;
        while (lineStart < text.Length)
        {
            int newline = text.IndexOf('\n', lineStart);
            int lineEnd = newline < 0 ? text.Length : newline;
            var (start, end) = Trim(text, lineStart, lineEnd);
            if (end > start)
            {
                lines.Add((start, end));
            }

            lineStart = lineEnd + 1;
        }

        return lines;
    }

    /// <summary>Cuts text[start..end) into parts of at most <paramref name="maxChars"/>, at whitespace where there is any.</summary>
    private static List<(int Start, int End)> CutAtWhitespace(string text, int start, int end, int maxChars)
    {
        var parts = new List<(int Start, int End)>();
        int position = start;
        while (true)
        {
            while (position < end && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position >= end)
            {
                return parts;
            }

            if (end - position <= maxChars)
            {
                parts.Add((position, end));
                return parts;
            }

            int limit = position + maxChars;
            int cut = limit;
            while (cut > position && !char.IsWhiteSpace(text[cut]))
            {
                cut--;
            }

            if (cut == position)
            {
                // No whitespace in reach: a hard cut, never between the halves of a surrogate pair.
                cut = char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
            }

            parts.Add(Trim(text, position, cut));
            position = cut;
        }
    }

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    /// <summary>Splits a block into sentences (lines for code) and packs them, yielding chunks as they complete.</summary>
    private IEnumerable<Chunk> PlacePieces(HeldBlock block, BlockKind kind, CancellationToken cancellationToken)
    {
        IEnumerable<(int Start, int End)> pieces = kind == BlockKind.Code
            ? Lines(block.Text)
            : sentenceSplitter.Split(block.Text).Select(s => (s.Start, s.End));
        int count = 0;
        foreach (var (start, end) in pieces)
        {
            if (++count % 64 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            PlacePiece(block, start, end);
            foreach (var chunk in Drain())
            {
                yield return chunk;
            }
        }
    }

    /// <summary>Packs block.Text[start..end) into the open chunk, or closes it and opens a new one.</summary>
    private void PlacePiece(HeldBlock block, int start, int end)
    {
        int tokens = EstimateTokens(end - start);
        if (tokens > maxTokens)
        {
            if (tokens > 4L * maxTokens)
            {
                foreach (var (partStart, partEnd) in CutAtWhitespace(block.Text, start, end, maxTokens * 4))
                {
                    PlacePiece(block, partStart, partEnd);
                }

                return;
            }

            // An oversized sentence is a chunk of its own.
            Close();
            Open(block.Start + start, block.Start + end, block.Page);
            Close();
            return;
        }

        if (chunkStart >= 0 && EstimateTokens(block.Start + end - chunkStart) <= maxTokens)
        {
            chunkEnd = block.Start + end;
            return;
        }

        Close();
        Open(block.Start + start, block.Start + end, block.Page);
    }

    private void Open(long start, long end, int? page)
    {
        chunkStart = start;
        chunkEnd = end;
        chunkPage = page;
    }

    /// <summary>Emits the open chunk, if any, and forgets the blocks no later chunk can touch.</summary>
    private void Close()
    {
        if (chunkStart < 0)
        {
            return;
        }

        int length = checked((int)(chunkEnd - chunkStart));
        ready.Add(new Chunk(
            Chunk.MakeId(documentId, ordinal),
            documentId,
            ordinal,
            TextOf(chunkStart, chunkEnd),
            sectionPath ?? [],
            chunkPage,
            new TextSpan(chunkStart, length),
            EstimateTokens(length)));
        ordinal++;
        chunkStart = -1;

        // Later chunks start in the newest block at the earliest.
        if (held.Count > 1)
        {
            held.RemoveRange(0, held.Count - 1);
        }
    }

    private void CloseSection()
    {
        Close();
        held.Clear();
    }

    /// <summary>The normalised text of [start, end), rebuilt from the held blocks and the newlines between them.</summary>
    private string TextOf(long start, long end)
    {
        StringBuilder? builder = null;
        string? single = null;
        long previousEnd = -1;
        foreach (var block in held)
        {
            if (block.End <= start)
            {
                continue;
            }

            if (block.Start >= end)
            {
                break;
            }

            long from = Math.Max(start, block.Start);
            long to = Math.Min(end, block.End);
            string part = block.Text.Substring((int)(from - block.Start), (int)(to - from));
            if (previousEnd < 0)
            {
                single = part;
            }
            else
            {
                builder ??= new StringBuilder(single, (int)(end - start));

                // Only separators and empty blocks lie between two blocks of a section: all newlines.
                builder.Append('\n', (int)(block.Start - previousEnd));
                builder.Append(part);
            }

            previousEnd = block.End;
        }

        return builder?.ToString() ?? single ?? string.Empty;
    }

    private List<Chunk> Drain()
    {
        if (ready.Count == 0)
        {
            return [];
        }

        var chunks = new List<Chunk>(ready);
        ready.Clear();
        return chunks;
    }

    private readonly record struct HeldBlock(string Text, long Start, int? Page)
    {
        public long End => Start + Text.Length;
    }
}
