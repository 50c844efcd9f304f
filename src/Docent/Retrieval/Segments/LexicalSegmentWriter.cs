using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Docent.Retrieval.Segments;

/// <summary>
/// Writes one immutable lexical segment file (layout in <see cref="LexicalSegment"/>): first every chunk in ascending key
/// order (<see cref="AddDocument"/>), then every term in ascending UTF-8 byte order with its postings in ascending
/// ordinal order (<see cref="StartTerm"/>, <see cref="AddPosting"/>, <see cref="EndTerm"/>), then <see cref="Commit"/>,
/// which appends the term dictionary, the checksums and flushes the file to disk under a temporary name before renaming
/// it into place. Postings are written in blocks of 128 as they come, so memory stays at one block plus the dictionary
/// and the chunks' lengths. Not thread-safe; dispose removes an uncommitted file.
/// </summary>
internal sealed class LexicalSegmentWriter : IDisposable
{
    private const int DictionaryBlockTerms = 32;

    private readonly string _path;
    private readonly string _temporary;
    private readonly FileStream _file;
    private readonly int _docCount;
    private readonly IReadOnlyList<string> _languageNames;
    private readonly long[] _keys;
    private readonly int[] _titleLengths;
    private readonly int[] _headingLengths;
    private readonly int[] _bodyLengths;
    private readonly byte[] _languages;
    private int _added;
    private long _titleTotal;
    private long _headingsTotal;
    private long _bodyTotal;

    // Postings.
    private long _postingsOffset;
    private readonly MemoryStream _blockHeader = new();
    private readonly MemoryStream _blockPayload = new();
    private readonly int[] _blockDocs = new int[PostingsCodec.BlockSize];
    private readonly uint[] _blockTfs = new uint[PostingsCodec.BlockSize];
    private readonly uint[] _scratch = new uint[PostingsCodec.BlockSize];
    private readonly byte[] _packed = new byte[PostingsCodec.BlockSize * 4];
    private readonly ScoreBound _blockBound = new();
    private readonly MemoryStream _blockBoundBytes = new();
    private readonly ScoreBound _termBound = new();
    private readonly MemoryStream _termBoundBytes = new();
    private int _blockCount;
    private int _previousBlockLast;
    private int _termDf;
    private long _termStart;
    private byte[]? _term;

    // Dictionary.
    private readonly MemoryStream _dictionary = new();
    private readonly List<long> _dictionaryBlocks = [];
    private byte[] _previousTerm = [];
    private long _previousTermStart;
    private int _termCount;
    private bool _committed;

    /// <summary>Starts a segment of <paramref name="docCount"/> chunks whose language ids index <paramref name="languageNames"/>.</summary>
    public LexicalSegmentWriter(string path, int docCount, IReadOnlyList<string> languageNames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(docCount);
        if (languageNames.Count is 0 or > 256)
        {
            throw new ArgumentException("A segment names between 1 and 256 languages.", nameof(languageNames));
        }

        _path = Path.GetFullPath(path);
        _temporary = _path + ".tmp";
        _docCount = docCount;
        _languageNames = languageNames;
        _keys = new long[docCount];
        _titleLengths = new int[docCount];
        _headingLengths = new int[docCount];
        _bodyLengths = new int[docCount];
        _languages = new byte[docCount];
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _file = new FileStream(_temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    /// <summary>Adds the next chunk (ordinal = the number added before); keys must ascend.</summary>
    public void AddDocument(long key, int titleLength, int headingLength, int bodyLength, byte language)
    {
        if (_added == _docCount)
        {
            throw new InvalidOperationException("More chunks than the segment was sized for.");
        }

        if (_added > 0 && key <= _keys[_added - 1])
        {
            throw new InvalidOperationException("Segment chunks must be added in ascending key order.");
        }

        if (language >= _languageNames.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(language));
        }

        _keys[_added] = key;
        _titleLengths[_added] = titleLength;
        _headingLengths[_added] = headingLength;
        _bodyLengths[_added] = bodyLength;
        _languages[_added] = language;
        _titleTotal += titleLength;
        _headingsTotal += headingLength;
        _bodyTotal += bodyLength;
        _added++;
    }

    /// <summary>Starts the postings of <paramref name="utf8Term"/>, which must sort after the previous term.</summary>
    public void StartTerm(ReadOnlySpan<byte> utf8Term)
    {
        if (_added != _docCount)
        {
            throw new InvalidOperationException("Add every chunk before the first term.");
        }

        if (_term is not null)
        {
            throw new InvalidOperationException("The previous term was not ended.");
        }

        if (_postingsOffset == 0)
        {
            WriteDocuments();
        }

        if (_termCount > 0 && utf8Term.SequenceCompareTo(_previousTerm) <= 0)
        {
            throw new InvalidOperationException("Segment terms must be added in ascending byte order.");
        }

        _term = utf8Term.ToArray();
        _termDf = 0;
        _blockCount = 0;
        _previousBlockLast = -1;
        _termStart = _file.Position;
    }

    /// <summary>Adds the next posting of the current term: an ordinal (ascending) and its packed field frequencies (<see cref="Bm25Posting"/>).</summary>
    public void AddPosting(int ordinal, uint packedTf)
    {
        if ((uint)ordinal >= (uint)_docCount || (_blockCount > 0 && ordinal <= _blockDocs[_blockCount - 1])
            || (_blockCount == 0 && ordinal <= _previousBlockLast) || packedTf == 0)
        {
            throw new InvalidOperationException("Postings must be live ordinals in ascending order with a frequency.");
        }

        _blockDocs[_blockCount] = ordinal;
        _blockTfs[_blockCount] = packedTf;
        _blockCount++;
        _termDf++;
        if (_blockCount == PostingsCodec.BlockSize)
        {
            FlushBlock();
        }
    }

    /// <summary>Ends the current term; a term without postings is dropped.</summary>
    public void EndTerm()
    {
        byte[] term = _term ?? throw new InvalidOperationException("No term was started.");
        _term = null;
        if (_termDf == 0)
        {
            return;
        }

        if (_termDf < PostingsCodec.BlockSize)
        {
            WriteShortPostings();
        }
        else if (_blockCount > 0)
        {
            FlushBlock();
        }

        _termBoundBytes.SetLength(0);
        _termBound.Write(_termBoundBytes);
        if (_termCount % DictionaryBlockTerms == 0)
        {
            _dictionaryBlocks.Add(_dictionary.Position);
            PostingsCodec.WriteVarint(_dictionary, 0);
            PostingsCodec.WriteVarint(_dictionary, (ulong)term.Length);
            _dictionary.Write(term);
            PostingsCodec.WriteVarint(_dictionary, (ulong)_termDf);
            PostingsCodec.WriteVarint(_dictionary, (ulong)(_termStart - _postingsOffset));
        }
        else
        {
            int prefix = term.AsSpan().CommonPrefixLength(_previousTerm);
            PostingsCodec.WriteVarint(_dictionary, (ulong)prefix);
            PostingsCodec.WriteVarint(_dictionary, (ulong)(term.Length - prefix));
            _dictionary.Write(term, prefix, term.Length - prefix);
            PostingsCodec.WriteVarint(_dictionary, (ulong)_termDf);
            PostingsCodec.WriteVarint(_dictionary, (ulong)(_termStart - _previousTermStart));
        }

        // A term longer than one block carries the bound over all its postings (one block's header bounds the others).
        if (_termDf > PostingsCodec.BlockSize)
        {
            _dictionary.Write(_termBoundBytes.GetBuffer(), 0, (int)_termBoundBytes.Length);
        }

        _previousTerm = term;
        _previousTermStart = _termStart;
        _termCount++;
    }

    /// <summary>Finishes the file (dictionary, header, checksums), flushes it to disk and renames it into place.</summary>
    public void Commit()
    {
        if (_term is not null)
        {
            throw new InvalidOperationException("The last term was not ended.");
        }

        if (_postingsOffset == 0)
        {
            WriteDocuments();
        }

        long dictionaryOffset = _file.Position;
        _dictionary.Position = 0;
        _dictionary.CopyTo(_file);
        long blockIndexOffset = _file.Position;
        Span<byte> eight = stackalloc byte[8];
        foreach (long block in _dictionaryBlocks)
        {
            BinaryPrimitives.WriteInt64LittleEndian(eight, dictionaryOffset + block);
            _file.Write(eight);
        }

        long languageNamesOffset = _file.Position;
        PostingsCodec.WriteVarint(_file, (ulong)_languageNames.Count);
        foreach (string name in _languageNames)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(name);
            PostingsCodec.WriteVarint(_file, (ulong)bytes.Length);
            _file.Write(bytes);
        }

        long bodyEnd = _file.Position;
        long fileLength = bodyEnd + 8;
        if (fileLength > int.MaxValue)
        {
            throw new InvalidOperationException("A lexical segment must stay under 2 GB; merge fewer segments at once.");
        }

        // Header.
        var header = new byte[LexicalSegment.HeaderSize];
        "DCLS"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), LexicalSegment.FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), _docCount);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), _termCount);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), _dictionaryBlocks.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), _languageNames.Count);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), _titleTotal);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(32), _headingsTotal);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(40), _bodyTotal);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(48), LexicalSegment.HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(56), _postingsOffset);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(64), dictionaryOffset);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(72), blockIndexOffset);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(80), languageNamesOffset);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(88), fileLength);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(120), XxHash64.HashToUInt64(header.AsSpan(0, 120)));
        _file.Position = 0;
        _file.Write(header);

        // Body checksum: read back what was written (sequential, from the page cache).
        _file.Position = LexicalSegment.HeaderSize;
        var hash = new XxHash64();
        var buffer = new byte[1 << 16];
        long remaining = bodyEnd - LexicalSegment.HeaderSize;
        while (remaining > 0)
        {
            int read = _file.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                throw new IOException("The segment file ended while it was being checksummed.");
            }

            hash.Append(buffer.AsSpan(0, read));
            remaining -= read;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(eight, hash.GetCurrentHashAsUInt64());
        _file.Position = bodyEnd;
        _file.Write(eight);
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        File.Move(_temporary, _path, overwrite: true);
        _committed = true;
    }

    /// <summary>Closes the file; an uncommitted one is deleted.</summary>
    public void Dispose()
    {
        _file.Dispose();
        if (!_committed)
        {
            try
            {
                File.Delete(_temporary);
            }
            catch (IOException)
            {
                // Swept with the folder's other stray files on the next save.
            }
        }
    }

    private void WriteDocuments()
    {
        _file.Position = LexicalSegment.HeaderSize;
        _file.Write(MemoryMarshal.AsBytes(_keys.AsSpan()));
        _file.Write(MemoryMarshal.AsBytes(_titleLengths.AsSpan()));
        _file.Write(MemoryMarshal.AsBytes(_headingLengths.AsSpan()));
        _file.Write(MemoryMarshal.AsBytes(_bodyLengths.AsSpan()));
        _file.Write(_languages);
        Align(8);
        _postingsOffset = _file.Position;
    }

    private void Align(int alignment)
    {
        while (_file.Position % alignment != 0)
        {
            _file.WriteByte(0);
        }
    }

    /// <summary>Encodes the buffered postings of the current term as one block (header with bounds, then packed payload).</summary>
    private void FlushBlock()
    {
        int count = _blockCount;
        ReadOnlySpan<int> docs = _blockDocs.AsSpan(0, count);
        ReadOnlySpan<uint> tfs = _blockTfs.AsSpan(0, count);
        _blockHeader.SetLength(0);
        _blockPayload.SetLength(0);

        WritePayload(docs, tfs, _previousBlockLast);

        // Header: last ordinal, the length of the rest, then the block's score bound (with its length) before the payload.
        int last = docs[count - 1];
        for (int i = 0; i < count; i++)
        {
            int d = docs[i];
            _blockBound.Add(tfs[i], _titleLengths[d], _headingLengths[d], _bodyLengths[d]);
            _termBound.Add(tfs[i], _titleLengths[d], _headingLengths[d], _bodyLengths[d]);
        }

        _blockBoundBytes.SetLength(0);
        _blockBound.Write(_blockBoundBytes);
        PostingsCodec.WriteVarint(_blockHeader, (ulong)(last - _previousBlockLast));
        PostingsCodec.WriteVarint(_blockHeader, (ulong)(1 + _blockBoundBytes.Length + _blockPayload.Length));
        _blockHeader.WriteByte(checked((byte)_blockBoundBytes.Length));
        _blockBoundBytes.Position = 0;
        _blockBoundBytes.CopyTo(_blockHeader);
        _blockHeader.Position = 0;
        _blockHeader.CopyTo(_file);
        _blockPayload.Position = 0;
        _blockPayload.CopyTo(_file);
        _previousBlockLast = last;
        _blockCount = 0;
    }

    /// <summary>
    /// A term of fewer than 128 postings (most terms) is its one block's payload alone, without a header or a stored
    /// bound: readers decode it whole and bound it exactly from the decoded postings and the chunks' lengths.
    /// </summary>
    private void WriteShortPostings()
    {
        for (int i = 0; i < _blockCount; i++)
        {
            int d = _blockDocs[i];
            _termBound.Add(_blockTfs[i], _titleLengths[d], _headingLengths[d], _bodyLengths[d]);
        }

        _blockPayload.SetLength(0);
        WritePayload(_blockDocs.AsSpan(0, _blockCount), _blockTfs.AsSpan(0, _blockCount), previous: -1);
        _blockPayload.Position = 0;
        _blockPayload.CopyTo(_file);
        _blockCount = 0;
    }

    /// <summary>A block's payload: its flags, the ordinal gaps, the body frequencies, then (when present) title and headings frequencies.</summary>
    private void WritePayload(ReadOnlySpan<int> docs, ReadOnlySpan<uint> tfs, int previous)
    {
        // Payload: doc gaps, body, then (when present) title and headings frequencies.
        int count = docs.Length;
        for (int i = 0; i < count; i++)
        {
            _scratch[i] = (uint)(docs[i] - previous - 1);
            previous = docs[i];
        }

        WritePacked(_scratch.AsSpan(0, count));
        uint titleAny = 0;
        uint headingsAny = 0;
        uint bodyMin = uint.MaxValue;
        for (int i = 0; i < count; i++)
        {
            bodyMin = Math.Min(bodyMin, tfs[i] >> Bm25Posting.BodyShift);
            titleAny |= tfs[i] & Bm25Posting.SmallMask;
            headingsAny |= (tfs[i] >> Bm25Posting.HeadingsShift) & Bm25Posting.SmallMask;
        }

        // Body frequencies are stored less one when none is 0 (most are 1, which then take no bits).
        uint bodyOffset = bodyMin > 0 ? 1u : 0u;
        for (int i = 0; i < count; i++)
        {
            _scratch[i] = (tfs[i] >> Bm25Posting.BodyShift) - bodyOffset;
        }

        _blockPayload.WriteByte((byte)((titleAny != 0 ? 1 : 0) | (headingsAny != 0 ? 2 : 0) | (bodyOffset != 0 ? 4 : 0)));
        WritePacked(_scratch.AsSpan(0, count));
        if (titleAny != 0)
        {
            for (int i = 0; i < count; i++)
            {
                _scratch[i] = tfs[i] & Bm25Posting.SmallMask;
            }

            WritePacked(_scratch.AsSpan(0, count));
        }

        if (headingsAny != 0)
        {
            for (int i = 0; i < count; i++)
            {
                _scratch[i] = (tfs[i] >> Bm25Posting.HeadingsShift) & Bm25Posting.SmallMask;
            }

            WritePacked(_scratch.AsSpan(0, count));
        }
    }

    private void WritePacked(ReadOnlySpan<uint> values)
    {
        int width = PostingsCodec.WidthOf(values);
        int length = PostingsCodec.PackedLength(values.Length, width);
        PostingsCodec.Pack(values, width, _packed);
        _blockPayload.WriteByte((byte)width);
        _blockPayload.Write(_packed, 0, length);
    }
}
