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
    private readonly List<HeldBlock> _held = [];
    private readonly List<Chunk> _ready = [];

    private bool _anyBlock;
    private long _previousBlockEnd;
    private IReadOnlyList<string>? _sectionPath;
    private int _ordinal;

    // The open chunk: [chunkStart, chunkEnd) in the normalised text, or chunkStart < 0 when none is open.
    private long _chunkStart = -1;
    private long _chunkEnd;
    private int? _chunkPage;
    private PageRegion? _chunkRegion;

    /// <summary>Takes the next block and returns the chunks it completed.</summary>
    public IEnumerable<Chunk> Add(DocumentBlock block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        string text = block.Text ?? string.Empty;
        long start = _anyBlock ? _previousBlockEnd + BlockSeparator.Length : 0;
        _anyBlock = true;
        _previousBlockEnd = start + text.Length;

        if (block.Kind == BlockKind.Heading)
        {
            CloseSection();
            _sectionPath = null;
            return Drain();
        }

        var path = block.HeadingPath ?? [];
        if (_sectionPath is null || !SamePath(_sectionPath, path))
        {
            CloseSection();
            _sectionPath = path;
        }

        if (text.Length == 0)
        {
            return Drain();
        }

        var current = new HeldBlock(text, start, block.Page, block.Region);
        _held.Add(current);
        if (_chunkStart >= 0 && EstimateTokens(current.End - _chunkStart) <= maxTokens)
        {
            Extend(current.End, current);
            return Drain();
        }

        bool fitsAlone = EstimateTokens(text.Length) <= maxTokens;
        bool openChunkIsBigEnough = _chunkStart < 0 || EstimateTokens(_chunkEnd - _chunkStart) >= minTokens;
        if (fitsAlone && openChunkIsBigEnough)
        {
            Close();
            Open(current.Start, current.End, current);
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
            Open(block.Start + start, block.Start + end, block);
            Close();
            return;
        }

        if (_chunkStart >= 0 && EstimateTokens(block.Start + end - _chunkStart) <= maxTokens)
        {
            Extend(block.Start + end, block);
            return;
        }

        Close();
        Open(block.Start + start, block.Start + end, block);
    }

    /// <summary>Opens a chunk over [start, end) of <paramref name="block"/>: its page and region are the block's.</summary>
    private void Open(long start, long end, HeldBlock block)
    {
        _chunkStart = start;
        _chunkEnd = end;
        _chunkPage = block.Page;
        _chunkRegion = block.Region;
    }

    /// <summary>
    /// Moves the open chunk's end to <paramref name="end"/> inside <paramref name="block"/>: the region grows to hold the
    /// block's, and is lost when the block has none or lies on another page.
    /// </summary>
    private void Extend(long end, HeldBlock block)
    {
        _chunkEnd = end;
        _chunkRegion = _chunkRegion is { } region && block.Region is { } added && block.Page == _chunkPage
            ? region.Union(added)
            : null;
    }

    /// <summary>Emits the open chunk, if any, and forgets the blocks no later chunk can touch.</summary>
    private void Close()
    {
        if (_chunkStart < 0)
        {
            return;
        }

        int length = checked((int)(_chunkEnd - _chunkStart));
        _ready.Add(new Chunk(
            Chunk.MakeId(documentId, _ordinal),
            documentId,
            _ordinal,
            TextOf(_chunkStart, _chunkEnd),
            _sectionPath ?? [],
            _chunkPage,
            new TextSpan(_chunkStart, length),
            EstimateTokens(length))
        {
            Region = _chunkRegion,
        });
        _ordinal++;
        _chunkStart = -1;

        // Later chunks start in the newest block at the earliest.
        if (_held.Count > 1)
        {
            _held.RemoveRange(0, _held.Count - 1);
        }
    }

    private void CloseSection()
    {
        Close();
        _held.Clear();
    }

    /// <summary>The normalised text of [start, end), rebuilt from the held blocks and the newlines between them.</summary>
    private string TextOf(long start, long end)
    {
        StringBuilder? builder = null;
        string? single = null;
        long previousEnd = -1;
        foreach (var block in _held)
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
        if (_ready.Count == 0)
        {
            return [];
        }

        var chunks = new List<Chunk>(_ready);
        _ready.Clear();
        return chunks;
    }

    private readonly record struct HeldBlock(string Text, long Start, int? Page, PageRegion? Region)
    {
        public long End => Start + Text.Length;
    }
}
