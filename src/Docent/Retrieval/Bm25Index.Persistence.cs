using Docent.FileFormats;
using Docent.Retrieval.Segments;
using Docent.Storage;
using Docent.Text;

namespace Docent.Retrieval;

/// <summary>
/// Saving and loading. File layout (little-endian): "DCLX", format version (int32), analyzer name, the five
/// options (float64), watermark (int64), chunk count, then the keys and the title/headings/body lengths as bulk
/// arrays, term count, then per term its text, posting count and postings as one bulk array; last, an
/// XxHash64 of everything before it.
/// </summary>
public sealed partial class Bm25Index
{
    /// <summary>The newest file format this code reads and the one it writes.</summary>
    internal const int FormatVersion = 2;

    private static ReadOnlySpan<byte> Magic => "DCLX"u8;

    /// <inheritdoc />
    /// <remarks>Compacts first. Searches may run while the file is written; writers wait.</remarks>
    public Task SaveAsync(string path, long watermark, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Task.Run(() => Save(path, watermark, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Reads an index saved by <see cref="SaveAsync"/>. Returns null when the file is missing, truncated or
    /// corrupt, or was built with another analyzer or other options: the caller then rebuilds from the store.
    /// </summary>
    /// <exception cref="InvalidDataException">The file was written by a newer version of this code.</exception>
    public static Bm25Index? Load(string path, ITextAnalyzer analyzer, Bm25Options? options = null) => Load(path, analyzer, options, out _);

    /// <summary>
    /// Reads an index saved by <see cref="SaveAsync"/> and the watermark recorded with it (0 when the result is
    /// null). Returns null when the file is missing, truncated or corrupt, or was built with another analyzer or
    /// other options: the caller then rebuilds from the store.
    /// </summary>
    /// <exception cref="InvalidDataException">The file was written by a newer version of this code.</exception>
    public static Bm25Index? Load(string path, ITextAnalyzer analyzer, Bm25Options? options, out long watermark)
    {
        watermark = 0;
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(analyzer);
        var index = new Bm25Index(analyzer, options);
        EnsureLittleEndian();

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        using (stream)
        {
            var reader = new IndexFileReader(stream);
            int version;
            try
            {
                Span<byte> magic = stackalloc byte[4];
                reader.Read(magic);
                if (!magic.SequenceEqual(Magic))
                {
                    return null;
                }

                version = reader.ReadInt32();
            }
            catch (EndOfStreamException)
            {
                return null;
            }

            if (version > FormatVersion)
            {
                throw new InvalidDataException(
                    $"The lexical index '{path}' has format version {version}; this build reads up to version {FormatVersion}. Upgrade Docent or delete the file to rebuild it.");
            }

            if (version < FormatVersion)
            {
                // Version 1 had no chunk languages: rebuilt from the store.
                return null;
            }

            try
            {
                return index.ReadBody(reader, out watermark) ? index : null;
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
            {
                return null;
            }
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The lexical index file format needs a little-endian machine.");
        }
    }

    private void Save(string path, long watermark, CancellationToken cancellationToken)
    {
        _gate.EnterUpgradeableReadLock();
        try
        {
            if (_deadCount > 0)
            {
                _gate.EnterWriteLock();
                try
                {
                    Compact();
                }
                finally
                {
                    _gate.ExitWriteLock();
                }
            }

            IndexFileWriter.WriteAtomically(path, (writer, _) => WriteBody(writer, watermark, cancellationToken));
        }
        finally
        {
            _gate.ExitUpgradeableReadLock();
        }
    }

    // Caller holds at least the read lock and the index has no tombstones.
    private void WriteBody(IndexFileWriter writer, long watermark, CancellationToken cancellationToken)
    {
        writer.Write(Magic);
        writer.WriteInt32(FormatVersion);
        writer.WriteString(_analyzer.Name);
        writer.WriteDouble(_options.K1);
        writer.WriteDouble(_options.B);
        writer.WriteDouble(_options.TitleWeight);
        writer.WriteDouble(_options.HeadingsWeight);
        writer.WriteDouble(_options.BodyWeight);
        writer.WriteInt64(watermark);

        writer.WriteInt32(_docCount);
        writer.WriteArray<long>(_keys.AsSpan(0, _docCount));
        writer.WriteArray<int>(_titleLengths.AsSpan(0, _docCount));
        writer.WriteArray<int>(_headingLengths.AsSpan(0, _docCount));
        writer.WriteArray<int>(_bodyLengths.AsSpan(0, _docCount));
        writer.WriteInt32(_languageNames.Count);
        foreach (var language in _languageNames)
        {
            writer.WriteString(language);
        }

        writer.WriteArray<byte>(_languages.AsSpan(0, _docCount));

        writer.WriteInt32(_termCount);
        for (int t = 0; t < _termCount; t++)
        {
            if ((t & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            writer.WriteString(_termTexts[t]);
            writer.WriteInt32(_postingCounts[t]);
            writer.WriteArray<Bm25Posting>(_postings[t].AsSpan(0, _postingCounts[t]));
        }
    }

    /// <summary>Fills this fresh index from the file; false when it belongs to another analyzer or options.</summary>
    private bool ReadBody(IndexFileReader reader, out long watermark)
    {
        watermark = 0;
        if (reader.ReadString() != _analyzer.Name)
        {
            return false;
        }

        var saved = new Bm25Options
        {
            K1 = reader.ReadDouble(),
            B = reader.ReadDouble(),
            TitleWeight = reader.ReadDouble(),
            HeadingsWeight = reader.ReadDouble(),
            BodyWeight = reader.ReadDouble(),
        };
        if (!saved.SameAs(_options))
        {
            return false;
        }

        long savedWatermark = reader.ReadInt64();

        // A chunk takes 21 bytes (key, three lengths and a language), a term at least 16 (two counts and one posting).
        int docs = reader.ReadCount(reader.Remaining / 21);
        long[] savedKeys = reader.ReadArray<long>(docs);
        int[] savedTitles = reader.ReadArray<int>(docs);
        int[] savedHeadings = reader.ReadArray<int>(docs);
        int[] savedBodies = reader.ReadArray<int>(docs);
        int languageCount = reader.ReadCount(MaxLanguages);
        var savedLanguageNames = new string[languageCount];
        for (int l = 0; l < languageCount; l++)
        {
            savedLanguageNames[l] = reader.ReadString();
        }

        byte[] savedLanguages = reader.ReadArray<byte>(docs);

        int terms = reader.ReadCount(reader.Remaining / 16);
        var savedTexts = new string[terms];
        var savedPostings = new Bm25Posting[terms][];
        var savedCounts = new int[terms];
        for (int t = 0; t < terms; t++)
        {
            savedTexts[t] = reader.ReadString();
            int count = reader.ReadCount(docs);
            savedPostings[t] = reader.ReadArray<Bm25Posting>(count);
            savedCounts[t] = count;
        }

        if (!reader.ChecksumMatches())
        {
            return false;
        }

        Adopt(savedKeys, savedTitles, savedHeadings, savedBodies, savedLanguageNames, savedLanguages, savedTexts, savedPostings, savedCounts);
        watermark = savedWatermark;
        return true;
    }

    /// <summary>Takes over loaded arrays after checking they are consistent; throws <see cref="InvalidDataException"/> if not.</summary>
    private void Adopt(
        long[] savedKeys, int[] savedTitles, int[] savedHeadings, int[] savedBodies,
        string[] savedLanguageNames, byte[] savedLanguages,
        string[] savedTexts, Bm25Posting[][] savedPostings, int[] savedCounts)
    {
        int docs = savedKeys.Length;
        if (savedLanguageNames.Length == 0 || savedLanguageNames[0] != LanguageIdentifier.Undetermined)
        {
            throw new InvalidDataException("Invalid language table.");
        }

        _languageNames.Clear();
        _languageNames.AddRange(savedLanguageNames);
        for (int d = 0; d < docs; d++)
        {
            if (savedTitles[d] < 0 || savedHeadings[d] < 0 || savedBodies[d] < 0 || savedLanguages[d] >= savedLanguageNames.Length
                || !_ordinals.TryAdd(savedKeys[d], d))
            {
                throw new InvalidDataException("Invalid chunk entry.");
            }

            _languageCounts[savedLanguages[d]]++;

            _titleTotal += savedTitles[d];
            _headingsTotal += savedHeadings[d];
            _bodyTotal += savedBodies[d];
        }

        for (int t = 0; t < savedTexts.Length; t++)
        {
            if (savedCounts[t] == 0 || !_termIds.TryAdd(savedTexts[t], t))
            {
                throw new InvalidDataException("Invalid term entry.");
            }

            int previous = -1;
            foreach (Bm25Posting posting in savedPostings[t])
            {
                if (posting.Doc <= previous || posting.Doc >= docs || posting.Tf == 0)
                {
                    throw new InvalidDataException("Invalid posting.");
                }

                previous = posting.Doc;
            }
        }

        _keys = savedKeys;
        _titleLengths = savedTitles;
        _headingLengths = savedHeadings;
        _bodyLengths = savedBodies;
        _languages = savedLanguages;
        RefreshCandidateLanguages();
        _deadBits = new ulong[(docs + 63) >> 6];
        _docCount = docs;
        _liveCount = docs;
        _termTexts = savedTexts;
        _postings = savedPostings;
        _postingCounts = savedCounts;
        PostingCount = savedCounts.Sum(c => (long)c);
        _termCount = savedTexts.Length;
    }
}
