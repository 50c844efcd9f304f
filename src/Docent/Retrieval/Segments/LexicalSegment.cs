using System.Buffers.Binary;
using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;

namespace Docent.Retrieval.Segments;

/// <summary>
/// One immutable, memory-mapped segment of a <c>SegmentedLexicalIndex</c>: its chunks sorted by key and the
/// compressed postings of its terms. Opening maps the file and checks its header, so it costs milliseconds and almost no
/// heap whatever the size; the operating system pages in what searches touch.
/// <para>
/// Layout (little-endian): a 128-byte header (magic "DCLS", version, counts, field length totals, section offsets, an
/// XxHash64 of the header); the chunk keys (int64, ascending), the title, headings and body lengths (int32 each) and a
/// language id per chunk (byte); the postings; the term dictionary; the dictionary's block index; the language names;
/// last an XxHash64 of everything between the header and it. A term of 128 postings or more has blocks of 128 (the last
/// shorter): a header (the block's last ordinal, the length of the rest, then the length and bytes of a bound on its
/// score — the body's Pareto frontier of frequency against length, and the largest title and headings frequencies with
/// their shortest fields) and a payload (bit-packed ordinal gaps, a flags byte, then bit-packed body frequencies and, when present,
/// title and headings frequencies). A shorter term is one payload alone, bounded exactly when decoded. The dictionary
/// lists terms in UTF-8 byte order in blocks of 32 (front-coded), each with its document frequency, postings offset
/// and, for terms longer than one block, the same kind of bound over all its postings.
/// </para>
/// Thread-safe for reads. Dispose only when no search uses the segment; a segment nobody references is unmapped by its finalizer.
/// </summary>
internal sealed unsafe class LexicalSegment : IDisposable
{
    /// <summary>Bytes of the fixed header.</summary>
    public const int HeaderSize = 128;

    /// <summary>The segment format this code reads and writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The most (frequency, length) pairs a bound keeps.</summary>
    public const int MaxFrontier = 8;

    private const int DictionaryBlockTerms = 32;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _base;
    private readonly int _length;
    private readonly long _postingsOffset;
    private readonly int _postingsLength;
    private readonly long _dictionaryOffset;
    private readonly int _dictionaryLength;
    private readonly long _blockIndexOffset;
    private readonly int _blockCount;

    private LexicalSegment(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* start, int length)
    {
        Path = path;
        _map = map;
        _view = view;
        _base = start;
        _length = length;
        try
        {
            (DocCount, TermCount, _blockCount, TitleTotal, HeadingsTotal, BodyTotal, _postingsOffset, _dictionaryOffset, _blockIndexOffset, LanguageNames) =
                ReadLayout(start, length, path);
        }
        catch
        {
            // The caller releases the mapping; this half-built object must not release it again when finalized.
            _base = null;
            GC.SuppressFinalize(this);
            throw;
        }

        _postingsLength = (int)(_dictionaryOffset - _postingsOffset);
        _dictionaryLength = (int)(_blockIndexOffset - _dictionaryOffset);
    }

    private static (int Docs, int Terms, int Blocks, long Title, long Headings, long Body, long Postings, long Dictionary, long BlockIndex, string[] Languages)
        ReadLayout(byte* start, int length, string path)
    {
        ReadOnlySpan<byte> header = new(start, HeaderSize);
        int docs = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        int terms = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        int blocks = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        int languageCount = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
        long title = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
        long headings = BinaryPrimitives.ReadInt64LittleEndian(header[32..]);
        long body = BinaryPrimitives.ReadInt64LittleEndian(header[40..]);
        long postings = BinaryPrimitives.ReadInt64LittleEndian(header[56..]);
        long dictionary = BinaryPrimitives.ReadInt64LittleEndian(header[64..]);
        long blockIndex = BinaryPrimitives.ReadInt64LittleEndian(header[72..]);
        long languageNamesOffset = BinaryPrimitives.ReadInt64LittleEndian(header[80..]);
        long fileLength = BinaryPrimitives.ReadInt64LittleEndian(header[88..]);

        if (docs < 0 || terms < 0 || blocks < 0 || fileLength != length
            || HeaderSize + ((long)docs * 21) > postings || postings > dictionary || dictionary > blockIndex
            || blockIndex + ((long)blocks * 8) != languageNamesOffset || languageNamesOffset > length - 8
            || blocks != (terms + DictionaryBlockTerms - 1) / DictionaryBlockTerms
            || title < 0 || headings < 0 || body < 0)
        {
            throw new InvalidDataException($"The lexical segment '{path}' has a damaged header.");
        }

        ReadOnlySpan<byte> names = new(start + languageNamesOffset, (int)(length - 8 - languageNamesOffset));
        int at = 0;
        int count = PostingsCodec.ReadInt(names, ref at);
        if (count != languageCount || count is 0 or > 256)
        {
            throw new InvalidDataException($"The lexical segment '{path}' has a damaged language table.");
        }

        var languageNames = new string[count];
        for (int l = 0; l < count; l++)
        {
            int size = PostingsCodec.ReadInt(names, ref at);
            if (size > names.Length - at)
            {
                throw new InvalidDataException($"The lexical segment '{path}' has a damaged language table.");
            }

            languageNames[l] = Encoding.UTF8.GetString(names.Slice(at, size));
            at += size;
        }

        foreach (byte language in new ReadOnlySpan<byte>(start + HeaderSize + (docs * 20L), docs))
        {
            if (language >= count)
            {
                throw new InvalidDataException($"The lexical segment '{path}' gives a chunk a language it does not name.");
            }
        }

        return (docs, terms, blocks, title, headings, body, postings, dictionary, blockIndex, languageNames);
    }

    /// <summary>Unmaps a segment no search references any more.</summary>
    ~LexicalSegment() => Release();

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Chunks in the segment (live or deleted; deletions are kept by the index).</summary>
    public int DocCount { get; }

    /// <summary>Distinct terms.</summary>
    public int TermCount { get; }

    /// <summary>Sum of the chunks' title lengths.</summary>
    public long TitleTotal { get; }

    /// <summary>Sum of the chunks' headings lengths.</summary>
    public long HeadingsTotal { get; }

    /// <summary>Sum of the chunks' body lengths.</summary>
    public long BodyTotal { get; }

    /// <summary>The names the chunks' language ids index.</summary>
    public IReadOnlyList<string> LanguageNames { get; }

    /// <summary>Bytes of the file.</summary>
    public long FileLength => _length;

    /// <summary>The chunk keys by ordinal, ascending.</summary>
    public ReadOnlySpan<long> Keys => MemoryMarshal.Cast<byte, long>(Section(HeaderSize, DocCount * 8));

    public ReadOnlySpan<int> TitleLengths => MemoryMarshal.Cast<byte, int>(Section(HeaderSize + (DocCount * 8L), DocCount * 4));

    public ReadOnlySpan<int> HeadingLengths => MemoryMarshal.Cast<byte, int>(Section(HeaderSize + (DocCount * 12L), DocCount * 4));

    public ReadOnlySpan<int> BodyLengths => MemoryMarshal.Cast<byte, int>(Section(HeaderSize + (DocCount * 16L), DocCount * 4));

    /// <summary>Each chunk's language id (an index into <see cref="LanguageNames"/>).</summary>
    public ReadOnlySpan<byte> Languages => Section(HeaderSize + (DocCount * 20L), DocCount);

    /// <summary>The postings section (term offsets are relative to it).</summary>
    public ReadOnlySpan<byte> Postings => Section(_postingsOffset, _postingsLength);

    /// <summary>
    /// Maps the segment at <paramref name="path"/>. With <paramref name="verify"/> the whole body's checksum is checked
    /// too (reads every byte; merges do it, opening for search checks the header only).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a segment this code reads, or is damaged.</exception>
    public static LexicalSegment Open(string path, bool verify)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1);
        long length = stream.Length;
        if (length < HeaderSize + 8 || length > int.MaxValue)
        {
            throw new InvalidDataException($"The lexical segment '{path}' is truncated or too large.");
        }

        var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor? view = null;
        LexicalSegment segment;
        bool acquired = false;
        try
        {
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            acquired = true;
            start += view.PointerOffset;
            ReadOnlySpan<byte> header = new(start, HeaderSize);
            if (!header[..4].SequenceEqual("DCLS"u8)
                || BinaryPrimitives.ReadUInt64LittleEndian(header[120..]) != XxHash64.HashToUInt64(header[..120]))
            {
                throw new InvalidDataException($"'{path}' is not a lexical segment, or its header is damaged.");
            }

            int version = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"The lexical segment '{path}' has format version {version}; this build reads version {FormatVersion}.");
            }

            segment = new LexicalSegment(path, map, view, start, (int)length);
        }
        catch
        {
            if (acquired)
            {
                view!.SafeMemoryMappedViewHandle.ReleasePointer();
            }

            view?.Dispose();
            map.Dispose();
            throw;
        }

        if (verify && !segment.ChecksumMatches())
        {
            segment.Dispose();
            throw new InvalidDataException($"The lexical segment '{path}' is damaged (checksum mismatch).");
        }

        return segment;
    }

    /// <summary>Whether the body's stored checksum matches its bytes.</summary>
    public bool ChecksumMatches()
    {
        ReadOnlySpan<byte> body = Section(HeaderSize, _length - HeaderSize - 8);
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(Section(_length - 8, 8));
        return XxHash64.HashToUInt64(body) == stored;
    }

    /// <summary>The ordinal of <paramref name="key"/>, or -1.</summary>
    public int FindOrdinal(long key)
    {
        int at = Keys.BinarySearch(key);
        return at >= 0 ? at : -1;
    }

    /// <summary>Looks up a term by its UTF-8 bytes.</summary>
    public bool TryFindTerm(ReadOnlySpan<byte> term, out TermEntry entry)
    {
        entry = default;
        if (TermCount == 0)
        {
            return false;
        }

        ReadOnlySpan<byte> dictionary = Section(_dictionaryOffset, _dictionaryLength);

        // The last block whose first term is at or before the term.
        int low = 0;
        int high = _blockCount - 1;
        while (low < high)
        {
            int mid = (low + high + 1) >> 1;
            if (FirstTermOfBlock(dictionary, mid).SequenceCompareTo(term) <= 0)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        var reader = new TermReader(this, low);
        byte[] scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(256);
        try
        {
            while (reader.MoveNext(ref scratch, out int length))
            {
                int order = scratch.AsSpan(0, length).SequenceCompareTo(term);
                if (order == 0)
                {
                    entry = reader.Entry;
                    return true;
                }

                if (order > 0)
                {
                    return false;
                }
            }

            return false;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Every term in byte order, for merging.</summary>
    public IEnumerable<(byte[] Term, TermEntry Entry)> EnumerateTerms()
    {
        int block = 0;
        while (block < _blockCount)
        {
            var batch = ReadBlock(block++);
            foreach (var item in batch)
            {
                yield return item;
            }
        }
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>The dictionary's byte offset of block <paramref name="block"/>.</summary>
    internal int BlockStart(int block)
    {
        long offset = BinaryPrimitives.ReadInt64LittleEndian(Section(_blockIndexOffset + (block * 8L), 8)) - _dictionaryOffset;
        if ((ulong)offset >= (ulong)_dictionaryLength)
        {
            throw new InvalidDataException("Corrupt lexical segment dictionary index.");
        }

        return (int)offset;
    }

    internal ReadOnlySpan<byte> Dictionary => Section(_dictionaryOffset, _dictionaryLength);

    internal int DictionaryBlockCount => _blockCount;

    private List<(byte[] Term, TermEntry Entry)> ReadBlock(int block)
    {
        var result = new List<(byte[], TermEntry)>(DictionaryBlockTerms);
        var reader = new TermReader(this, block);
        byte[] scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(256);
        try
        {
            while (reader.MoveNext(ref scratch, out int length))
            {
                result.Add((scratch.AsSpan(0, length).ToArray(), reader.Entry));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }

        return result;
    }

    private ReadOnlySpan<byte> FirstTermOfBlock(ReadOnlySpan<byte> dictionary, int block)
    {
        int at = BlockStart(block);
        int prefix = PostingsCodec.ReadInt(dictionary, ref at);
        int length = PostingsCodec.ReadInt(dictionary, ref at);
        if (prefix != 0 || length > dictionary.Length - at)
        {
            throw new InvalidDataException("Corrupt lexical segment dictionary.");
        }

        return dictionary.Slice(at, length);
    }

    private ReadOnlySpan<byte> Section(long offset, int length)
    {
        if (_base is null)
        {
            throw new ObjectDisposedException(nameof(LexicalSegment));
        }

        return new ReadOnlySpan<byte>(_base + offset, length);
    }

    private void Release()
    {
        if (_base is not null)
        {
            _base = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
        }
    }

    /// <summary>
    /// A term's dictionary entry: its live-or-not document frequency, where its postings start, and (for terms of more than
    /// one block) where its score bounds start in the dictionary (-1 when the first block's header serves).
    /// </summary>
    internal readonly record struct TermEntry(int DocFrequency, int PostingsStart, int BoundsAt);

    /// <summary>Reads one dictionary block's front-coded entries in order.</summary>
    private ref struct TermReader
    {
        private readonly LexicalSegment _segment;
        private readonly ReadOnlySpan<byte> _dictionary;
        private readonly int _end;
        private int _at;
        private int _index;
        private int _previousLength;
        private int _postingsStart;

        public TermReader(LexicalSegment segment, int block)
        {
            _segment = segment;
            _dictionary = segment.Dictionary;
            _at = segment.BlockStart(block);
            _end = block + 1 < segment._blockCount ? segment.BlockStart(block + 1) : _dictionary.Length;
            _index = 0;
            _previousLength = 0;
            _postingsStart = 0;
            Entry = default;
        }

        public TermEntry Entry { get; private set; }

        /// <summary>Reads the next term into <paramref name="scratch"/>, a pooled array swapped for a larger pooled one when needed.</summary>
        public bool MoveNext(ref byte[] scratch, out int length)
        {
            length = 0;
            if (_at >= _end || _index == DictionaryBlockTerms)
            {
                return false;
            }

            int prefix = PostingsCodec.ReadInt(_dictionary, ref _at);
            int suffix = PostingsCodec.ReadInt(_dictionary, ref _at);
            if (prefix > _previousLength || suffix > _dictionary.Length - _at)
            {
                throw new InvalidDataException("Corrupt lexical segment dictionary.");
            }

            length = prefix + suffix;
            if (length > scratch.Length)
            {
                byte[] grown = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
                scratch.AsSpan(0, prefix).CopyTo(grown);
                System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
                scratch = grown;
            }

            _dictionary.Slice(_at, suffix).CopyTo(scratch.AsSpan(prefix));
            _at += suffix;
            int df = PostingsCodec.ReadInt(_dictionary, ref _at);
            int offset = PostingsCodec.ReadInt(_dictionary, ref _at);
            _postingsStart = _index == 0 ? offset : _postingsStart + offset;
            int boundsAt = -1;
            if (df > PostingsCodec.BlockSize)
            {
                boundsAt = _at;
                ScoreBound.Skip(_dictionary, ref _at);
            }

            if (df <= 0 || (uint)_postingsStart >= (uint)_segment._postingsLength)
            {
                throw new InvalidDataException("Corrupt lexical segment dictionary entry.");
            }

            Entry = new TermEntry(df, _postingsStart, boundsAt);
            _previousLength = length;
            _index++;
            return true;
        }
    }
}
