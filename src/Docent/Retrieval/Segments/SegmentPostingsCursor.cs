using System.Runtime.CompilerServices;

namespace Docent.Retrieval.Segments;

/// <summary>
/// Walks one term's compressed postings in a <see cref="LexicalSegment"/>, block by block: <see cref="ShallowAdvance"/>
/// moves over block headers only (to read a block's score bound without decoding it), <see cref="Advance"/> and
/// <see cref="NextDoc"/> decode the block they land in. <see cref="Doc"/> is <see cref="End"/> once exhausted.
/// Not thread-safe: one per query term and segment.
/// </summary>
internal sealed class SegmentPostingsCursor
{
    /// <summary>The ordinal past every posting.</summary>
    public const int End = int.MaxValue;

    private readonly int[] _docs = new int[PostingsCodec.BlockSize];
    private readonly uint[] _tfs = new uint[PostingsCodec.BlockSize];
    private readonly uint[] _scratch = new uint[PostingsCodec.BlockSize];
    private LexicalSegment _segment = null!;
    private FieldNorms _norms;
    private double _weight;
    private double _k1;

    // The block the cursor is on: its header has been read; its bound is evaluated on demand; its payload is decoded when _decoded.
    private int _nextHeader;
    private int _remaining;
    private int _blockBase;
    private int _blockLast;
    private int _blockCount;
    private int _blockAt;
    private int _blockLength;
    private bool _boundKnown;
    private double _blockBound;
    private double _blockScore;
    private bool _decoded;
    private bool _shortBlock;
    private bool _handedOut;
    private bool _tfsDecoded;
    private int _tfAt;
    private int _tfEnd;
    private int _index;

    /// <summary>The current ordinal, or <see cref="End"/>.</summary>
    public int Doc { get; private set; }

    /// <summary>The current posting's packed frequencies (<see cref="Bm25Posting"/>).</summary>
    public uint Tf
    {
        get
        {
            if (!_tfsDecoded)
            {
                DecodeFrequencies();
            }

            return _tfs[_index];
        }
    }

    /// <summary>The last ordinal of the block the cursor is on (<see cref="End"/> when exhausted).</summary>
    public int BlockLast => _blockLast;

    /// <summary>The block's bound on the pseudo-frequency of its postings, under the norms given to <see cref="Reset"/>.</summary>
    public double BlockBound
    {
        get
        {
            EnsureBound();
            return _blockBound;
        }
    }

    /// <summary>The block's bound on a posting's score contribution, <c>weight · f / (k1 + f)</c> for <see cref="BlockBound"/> <c>f</c>.</summary>
    public double BlockScore
    {
        get
        {
            EnsureBound();
            return _blockScore;
        }
    }

    /// <summary>
    /// Points the cursor before the first posting of a term starting at <paramref name="start"/> with
    /// <paramref name="docFrequency"/> postings; <paramref name="weight"/> and <paramref name="k1"/> turn block bounds into
    /// score bounds (<see cref="BlockScore"/>).
    /// </summary>
    public void Reset(LexicalSegment segment, int start, int docFrequency, in FieldNorms norms, double weight = 0, double k1 = 0)
    {
        _segment = segment;
        _shortBlock = false;
        _handedOut = false;
        _norms = norms;
        _weight = weight;
        _k1 = k1;
        _nextHeader = start;
        _blockLength = 0;
        _remaining = docFrequency;
        _blockLast = -1;
        _blockCount = 0;
        _decoded = false;
        _index = 0;
        Doc = -1;
        if (docFrequency < PostingsCodec.BlockSize)
        {
            DecodeShort(start, docFrequency);
        }
        else
        {
            ReadHeader();
        }
    }

    /// <summary>
    /// Term-at-a-time reading: decodes the next block whole and returns its postings (empty at the end). Not to be mixed
    /// with <see cref="NextDoc"/> or <see cref="Advance"/> on the same reset.
    /// </summary>
    public int NextBlock(out ReadOnlySpan<int> docs, out ReadOnlySpan<uint> tfs)
    {
        if (_handedOut && _blockLast != End)
        {
            ReadHeader();
        }

        if (_blockLast == End)
        {
            docs = default;
            tfs = default;
            return 0;
        }

        if (!_decoded)
        {
            Decode();
        }

        if (!_tfsDecoded)
        {
            DecodeFrequencies();
        }

        _handedOut = true;
        docs = _docs.AsSpan(0, _blockCount);
        tfs = _tfs.AsSpan(0, _blockCount);
        return _blockCount;
    }

    /// <summary>Moves to the block holding the first ordinal at or after <paramref name="target"/> without decoding it; false when none is left.</summary>
    public bool ShallowAdvance(int target)
    {
        while (_blockLast < target)
        {
            if (_blockLast == End)
            {
                return false;
            }

            ReadHeader();
        }

        return _blockLast != End;
    }

    /// <summary>Moves to the first posting at or after <paramref name="target"/> (never backwards) and returns its ordinal.</summary>
    public int Advance(int target)
    {
        if (target <= Doc)
        {
            return Doc;
        }

        if (!ShallowAdvance(target))
        {
            return Doc = End;
        }

        if (!_decoded)
        {
            Decode();
        }

        int i = _index;
        int[] docs = _docs;
        if (docs[i] < target)
        {
            // The block's last ordinal is at least the target: a short linear step, else a binary search of the rest.
            if (i + 8 < _blockCount && docs[i + 8] < target)
            {
                int found = Array.BinarySearch(docs, i + 9, _blockCount - i - 9, target);
                i = found >= 0 ? found : ~found;
            }
            else
            {
                while (docs[i] < target)
                {
                    i++;
                }
            }
        }

        _index = i;
        return Doc = docs[i];
    }

    /// <summary>Moves to the next posting and returns its ordinal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextDoc()
    {
        if (_decoded && Doc >= 0 && _index + 1 < _blockCount)
        {
            return Doc = _docs[++_index];
        }

        return Advance(Doc + 1);
    }

    /// <summary>Reads a term of fewer than 128 postings (a block payload without a header) as the cursor's one decoded block.</summary>
    private void DecodeShort(int start, int count)
    {
        _blockBase = -1;
        _blockCount = count;
        DecodePayload(start, _segment.Postings.Length, count);
        _blockLast = _docs[count - 1];
        if (_blockLast >= _segment.DocCount)
        {
            throw new InvalidDataException("Corrupt lexical segment postings.");
        }

        _remaining = 0;
        _blockLength = 0;
        _shortBlock = true;
        _boundKnown = false;
    }

    private void ReadHeader()
    {
        if (_shortBlock)
        {
            // The short term's one block is used up.
            _shortBlock = false;
            _decoded = false;
            _boundKnown = true;
            _blockLast = End;
            _blockBound = 0;
            _blockScore = 0;
            return;
        }

        _decoded = false;
        _boundKnown = false;
        _index = 0;
        _nextHeader += _blockLength;
        _blockLength = 0;
        if (_remaining == 0)
        {
            _blockLast = End;
            _blockBound = 0;
            _blockScore = 0;
            _boundKnown = true;
            return;
        }

        ReadOnlySpan<byte> postings = _segment.Postings;
        int at = _nextHeader;
        _blockBase = _blockLast;
        int delta = PostingsCodec.ReadInt(postings, ref at);
        _blockLast = checked(_blockBase + delta);
        _blockLength = PostingsCodec.ReadInt(postings, ref at);
        if (_blockLength > postings.Length - at || _blockLength < 1 || delta <= 0)
        {
            throw new InvalidDataException("Corrupt lexical segment postings.");
        }

        _blockAt = at;
        _nextHeader = at;
        _blockCount = Math.Min(_remaining, PostingsCodec.BlockSize);
        _remaining -= _blockCount;
    }

    private void EnsureBound()
    {
        if (_boundKnown)
        {
            return;
        }

        if (_shortBlock)
        {
            _blockBound = ExactBound();
            _blockScore = _blockBound > 0 ? _weight * (_blockBound / (_k1 + _blockBound)) : 0;
            _boundKnown = true;
            return;
        }

        ReadOnlySpan<byte> block = _segment.Postings.Slice(_blockAt, _blockLength);
        int boundLength = block[0];
        if (boundLength >= block.Length)
        {
            throw new InvalidDataException("Corrupt lexical segment postings block.");
        }

        int at = 0;
        _blockBound = ScoreBound.Evaluate(block.Slice(1, boundLength), ref at, _norms);
        _blockScore = _blockBound > 0 ? _weight * (_blockBound / (_k1 + _blockBound)) : 0;
        _boundKnown = true;
    }

    /// <summary>The largest pseudo-frequency among the decoded postings of a short term, from the chunks' lengths.</summary>
    private double ExactBound()
    {
        if (!_tfsDecoded)
        {
            DecodeFrequencies();
        }

        ReadOnlySpan<int> bodies = _segment.BodyLengths;
        ReadOnlySpan<int> titles = _segment.TitleLengths;
        ReadOnlySpan<int> headings = _segment.HeadingLengths;
        double max = 0;
        for (int i = 0; i < _blockCount; i++)
        {
            int d = _docs[i];
            uint tf = _tfs[i];
            double weighted = (tf >> Bm25Posting.BodyShift) * _norms.Body(bodies[d]);
            if ((tf & 0xFFFF) != 0)
            {
                weighted += ((tf & Bm25Posting.SmallMask) * _norms.Title(titles[d]))
                    + (((tf >> Bm25Posting.HeadingsShift) & Bm25Posting.SmallMask) * _norms.Headings(headings[d]));
            }

            max = Math.Max(max, weighted);
        }

        return max;
    }

    private void Decode()
    {
        ReadOnlySpan<byte> block = _segment.Postings.Slice(_blockAt, _blockLength);
        int boundLength = block[0];
        if (boundLength >= block.Length)
        {
            throw new InvalidDataException("Corrupt lexical segment postings block.");
        }

        DecodePayload(_blockAt + 1 + boundLength, _blockAt + _blockLength, _blockCount);
        if (_docs[_blockCount - 1] != _blockLast)
        {
            throw new InvalidDataException("Corrupt lexical segment postings block.");
        }
    }

    /// <summary>
    /// Decodes the ordinals of a payload of <paramref name="count"/> postings after <see cref="_blockBase"/>, the payload
    /// lying between <paramref name="start"/> and <paramref name="end"/> of the postings section; the frequencies are
    /// decoded when first asked for (a block entered only to find a candidate often has none of its frequencies read).
    /// </summary>
    private void DecodePayload(int start, int end, int count)
    {
        ReadOnlySpan<byte> payload = _segment.Postings[start..end];
        int at = 0;
        Span<uint> values = _scratch.AsSpan(0, count);
        ReadPacked(payload, ref at, values);
        long doc = _blockBase;
        for (int i = 0; i < count; i++)
        {
            doc += values[i] + 1L;
            _docs[i] = (int)doc;
        }

        if (doc > int.MaxValue - 1)
        {
            throw new InvalidDataException("Corrupt lexical segment postings block.");
        }

        _tfAt = start + at;
        _tfEnd = end;
        _tfsDecoded = false;
        _decoded = true;
        _index = 0;
    }

    private void DecodeFrequencies()
    {
        ReadOnlySpan<byte> payload = _segment.Postings[_tfAt.._tfEnd];
        int count = _blockCount;
        int at = 0;
        Span<uint> values = _scratch.AsSpan(0, count);
        int flags = at < payload.Length ? payload[at++] : throw new InvalidDataException("Corrupt lexical segment postings block.");
        uint bodyOffset = (flags & 4) != 0 ? 1u : 0u;
        ReadPacked(payload, ref at, values);
        for (int i = 0; i < count; i++)
        {
            _tfs[i] = (values[i] + bodyOffset) << Bm25Posting.BodyShift;
        }

        if ((flags & 1) != 0)
        {
            ReadPacked(payload, ref at, values);
            for (int i = 0; i < count; i++)
            {
                _tfs[i] |= values[i] & Bm25Posting.SmallMask;
            }
        }

        if ((flags & 2) != 0)
        {
            ReadPacked(payload, ref at, values);
            for (int i = 0; i < count; i++)
            {
                _tfs[i] |= (values[i] & Bm25Posting.SmallMask) << Bm25Posting.HeadingsShift;
            }
        }

        _tfsDecoded = true;
    }

    private static void ReadPacked(ReadOnlySpan<byte> payload, ref int at, Span<uint> values)
    {
        if (at >= payload.Length)
        {
            throw new InvalidDataException("Corrupt lexical segment postings block.");
        }

        int width = payload[at++];
        int length = PostingsCodec.PackedLength(values.Length, width);
        if (width > 32 || length > payload.Length - at)
        {
            throw new InvalidDataException("Corrupt lexical segment postings block.");
        }

        PostingsCodec.Unpack(payload.Slice(at, length), width, values);
        at += length;
    }
}
