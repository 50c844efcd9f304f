using System.IO.Compression;

namespace Docent.Documents;

/// <summary>
/// Checks a zip container against <see cref="ZipContainerLimits"/> before a reader opens it (entry count,
/// total declared inflated size, compression ratio of each large entry) and then bounds what is actually
/// inflated: entry streams wrapped by <see cref="Limit"/> share one budget and stop with a
/// <see cref="DocumentReadException"/> when it is spent, whatever the sizes declared. Messages name the
/// format ("the DOCX …") and call a bomb a bomb. Not thread-safe: one instance per read.
/// </summary>
internal sealed class ZipContainerGuard(string path, string format, ZipContainerLimits limits)
{
    private long _inflated;

    /// <summary>
    /// Reads the central directory of <paramref name="zip"/> (a seekable stream, left open and rewound) and
    /// throws <see cref="DocumentReadException"/> when it breaks a limit.
    /// </summary>
    public void Check(Stream zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var start = zip.Position;
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            var entries = archive.Entries;
            if (entries.Count > limits.MaxEntries)
            {
                throw Fail($"the {format} holds {entries.Count:N0} files, over the limit of {limits.MaxEntries:N0} for one document");
            }

            long total = 0;
            foreach (var entry in entries)
            {
                total += entry.Length;
                var ratio = entry.CompressedLength > 0 ? entry.Length / (double)entry.CompressedLength : 0;
                if (entry.Length > limits.RatioExemptBytes && ratio > limits.MaxCompressionRatio)
                {
                    throw Fail($"the {format} inflates {entry.FullName} to {Megabytes(entry.Length)} MB (compression ratio {ratio:F0}:1, "
                        + $"over {limits.MaxCompressionRatio}:1), which looks like a zip bomb");
                }

                if (total > limits.MaxInflatedBytes)
                {
                    throw Fail($"the {format} inflates to more than {Megabytes(limits.MaxInflatedBytes)} MB "
                        + $"(compression ratio {total / (double)Math.Max(1, zip.Length):F0}:1), which looks like a zip bomb");
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DocumentReadException(path, $"not a valid {format}: not a readable zip container ({ex.Message.TrimEnd('.')})", ex);
        }
        finally
        {
            zip.Position = start;
        }
    }

    /// <summary>Wraps an entry's inflating stream so that it counts against the container's budget.</summary>
    public Stream Limit(Stream entry) => new InflationLimitStream(entry, this);

    /// <summary>Adds <paramref name="bytes"/> inflated; throws once the total passes the limit.</summary>
    public void CountInflated(int bytes)
    {
        _inflated += bytes;
        if (_inflated > limits.MaxInflatedBytes)
        {
            throw Fail($"the {format} inflates to more than {Megabytes(limits.MaxInflatedBytes)} MB, which looks like a zip bomb");
        }
    }

    private DocumentReadException Fail(string reason) => new(path, reason);

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
