using Docent.FileFormats;
using Docent.Retrieval.Segments;
using Docent.Text;

namespace Docent.Retrieval;

/// <summary>
/// Saving and opening. The manifest (the file at the path given to <see cref="SaveAsync"/>, written atomically) holds
/// "DCLM", its version, the analyzer name, the five options, the watermark, then per segment its file name relative to
/// the manifest, chunk count, file length and deleted ordinals (a bitset when there are any), and an XxHash64 of it all.
/// Segment files are never rewritten, so a reader that opened an older manifest keeps searching the files it mapped.
/// </summary>
public sealed partial class SegmentedLexicalIndex
{
    /// <summary>The manifest version this code reads and writes.</summary>
    internal const int ManifestVersion = 1;

    /// <summary>Segments up to this size have their whole checksum verified when opened; larger ones on merge.</summary>
    private const long VerifyOnOpenBytes = 32L << 20;

    private const int OpenAttempts = 5;

    private static ReadOnlySpan<byte> ManifestMagic => "DCLM"u8;

    /// <inheritdoc />
    /// <remarks>
    /// Writes the buffer as a segment, runs the merges the policy asks for, writes the manifest and removes segment files
    /// no longer named by it. Searches run meanwhile; the caller makes no other write until it completes.
    /// </remarks>
    public Task SaveAsync(string path, long watermark, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Task.Run(() => Save(path, watermark, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Opens the index whose manifest is <paramref name="path"/>, with the watermark saved in it. Returns null when the
    /// manifest is missing, unreadable or built with another analyzer or options, or a segment is missing or damaged: the
    /// caller then rebuilds from the store. New segments go to <paramref name="segmentDirectory"/> (default: the
    /// <see cref="SegmentFolderName"/> folder beside the manifest).
    /// </summary>
    /// <exception cref="InvalidDataException">The manifest was written by a newer version of this code.</exception>
    public static SegmentedLexicalIndex? Load(
        string path, ITextAnalyzer analyzer, Bm25Options? options, out long watermark, string? segmentDirectory = null)
    {
        watermark = 0;
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(analyzer);
        string manifestDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        segmentDirectory ??= Path.Combine(manifestDirectory, SegmentFolderName);
        for (int attempt = 1; ; attempt++)
        {
            Manifest? manifest = ReadManifest(path, analyzer, options);
            if (manifest is null)
            {
                return null;
            }

            var index = new SegmentedLexicalIndex(analyzer, segmentDirectory, options);
            var opened = new List<SegmentState>(manifest.Segments.Count);
            try
            {
                foreach (var entry in manifest.Segments)
                {
                    string file = Path.GetFullPath(Path.Combine(manifestDirectory, entry.Name));
                    LexicalSegment segment = LexicalSegment.Open(file, verify: entry.FileLength <= VerifyOnOpenBytes);
                    var state = new SegmentState(segment);
                    opened.Add(state);
                    if (segment.DocCount != entry.DocCount || segment.FileLength != entry.FileLength)
                    {
                        throw new InvalidDataException($"The lexical segment '{file}' does not match the manifest.");
                    }

                    if (entry.Deleted is { } deleted)
                    {
                        state.SetDeleted(deleted);
                    }
                }
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && attempt < OpenAttempts)
            {
                // A writer merged and removed a segment after we read the manifest: read the newer manifest.
                Close(opened);
                continue;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Close(opened);
                return null;
            }

            index._segments = [.. opened];
            foreach (SegmentState state in opened)
            {
                index.AddStatistics(state, +1);
            }

            index.Changed();
            watermark = manifest.Watermark;
            return index;
        }
    }

    private static void Close(List<SegmentState> opened)
    {
        foreach (SegmentState state in opened)
        {
            state.Segment.Dispose();
        }
    }

    private void Save(string path, long watermark, CancellationToken cancellationToken)
    {
        FlushBuffer();
        MergeAsPolicyAsks(cancellationToken);
        SegmentState[] segments = _segments;
        string manifestDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        IndexFileWriter.WriteAtomically(path, (writer, _) =>
        {
            writer.Write(ManifestMagic);
            writer.WriteInt32(ManifestVersion);
            writer.WriteString(_analyzer.Name);
            writer.WriteDouble(_options.K1);
            writer.WriteDouble(_options.B);
            writer.WriteDouble(_options.TitleWeight);
            writer.WriteDouble(_options.HeadingsWeight);
            writer.WriteDouble(_options.BodyWeight);
            writer.WriteInt64(watermark);
            writer.WriteInt32(segments.Length);
            foreach (SegmentState state in segments)
            {
                writer.WriteString(Path.GetRelativePath(manifestDirectory, state.Segment.Path));
                writer.WriteInt32(state.Segment.DocCount);
                writer.WriteInt64(state.Segment.FileLength);
                writer.WriteInt32(state.DeletedCount);
                if (state.DeletedCount > 0)
                {
                    writer.WriteArray<ulong>(state.Deleted);
                }
            }
        });
        SweepSegmentFiles(segments);
    }

    /// <summary>
    /// Removes files in the segment folder that no segment of this index is (written by a crashed writer, or replaced by a
    /// merge). A reader that still maps one keeps its pages (Unix); where the system refuses (Windows, while mapped), the
    /// file is left for a later save.
    /// </summary>
    private void SweepSegmentFiles(SegmentState[] segments)
    {
        if (!Directory.Exists(_segmentDirectory))
        {
            return;
        }

        var kept = new HashSet<string>(segments.Select(s => Path.GetFullPath(s.Segment.Path)), StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(_segmentDirectory))
        {
            if ((file.EndsWith(".dls", StringComparison.Ordinal) || file.EndsWith(".dls.tmp", StringComparison.Ordinal)) && !kept.Contains(Path.GetFullPath(file)))
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Still mapped by a reader on a system that forbids it; a later save retries.
                }
            }
        }
    }

    private static Manifest? ReadManifest(string path, ITextAnalyzer analyzer, Bm25Options? options)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The lexical index file format needs a little-endian machine.");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 12);
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
                if (!magic.SequenceEqual(ManifestMagic))
                {
                    // Another format (the single-file index of earlier versions): rebuilt from the store.
                    return null;
                }

                version = reader.ReadInt32();
            }
            catch (EndOfStreamException)
            {
                return null;
            }

            if (version > ManifestVersion)
            {
                throw new InvalidDataException(
                    $"The lexical index '{path}' has format version {version}; this build reads up to version {ManifestVersion}. Upgrade Docent or delete the file to rebuild it.");
            }

            try
            {
                return ReadManifestBody(reader, analyzer, options);
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
            {
                return null;
            }
        }
    }

    private static Manifest? ReadManifestBody(IndexFileReader reader, ITextAnalyzer analyzer, Bm25Options? options)
    {
        if (reader.ReadString() != analyzer.Name)
        {
            return null;
        }

        var saved = new Bm25Options
        {
            K1 = reader.ReadDouble(),
            B = reader.ReadDouble(),
            TitleWeight = reader.ReadDouble(),
            HeadingsWeight = reader.ReadDouble(),
            BodyWeight = reader.ReadDouble(),
        };
        if (!saved.SameAs(options ?? new Bm25Options()))
        {
            return null;
        }

        long watermark = reader.ReadInt64();
        int count = reader.ReadCount(reader.Remaining / 20);
        var segments = new List<ManifestSegment>(count);
        for (int s = 0; s < count; s++)
        {
            string name = reader.ReadString();
            int docs = reader.ReadCount(int.MaxValue);
            long length = reader.ReadInt64();
            int deleted = reader.ReadCount(docs);
            ulong[]? bits = deleted > 0 ? reader.ReadArray<ulong>((docs + 63) >> 6) : null;
            if (name.Length == 0 || Path.IsPathRooted(name))
            {
                return null;
            }

            segments.Add(new ManifestSegment(name, docs, length, bits));
        }

        return reader.ChecksumMatches() ? new Manifest(watermark, segments) : null;
    }

    private sealed record Manifest(long Watermark, IReadOnlyList<ManifestSegment> Segments);

    private sealed record ManifestSegment(string Name, int DocCount, long FileLength, ulong[]? Deleted);
}
