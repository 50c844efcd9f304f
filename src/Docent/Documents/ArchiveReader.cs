using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace Docent.Documents;

/// <summary>
/// Opens zip and tar archives (plain or gzip-compressed, and a single gzip-compressed file) as folders
/// ("archive"): each regular file inside becomes a document of its own, named "archive.zip/inner/path" by the
/// ingestion pipeline, and the archive itself has no text. A zip is checked against <see cref="ZipContainerLimits"/>
/// before any entry is read (entry count, declared sizes, ratios) and every entry, zip or tar, inflates through one
/// counting budget, so a zip bomb or a lying header stops with a reason. Links, devices and folders are passed over,
/// as are the files operating systems leave in archives (<c>__MACOSX/</c>, <c>.DS_Store</c>, <c>Thumbs.db</c>). Uses
/// the framework's <see cref="ZipArchive"/> and <see cref="TarReader"/>; no package adds anything they lack. Thread-safe.
/// </summary>
public sealed class ArchiveReader(ZipContainerLimits? limits = null) : IContainerReader
{
    private readonly ZipContainerLimits _limits = limits ?? ZipContainerLimits.Default;

    /// <inheritdoc />
    public string Format => "archive";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var head = input.Head.Span;
        return ContentSniffer.IsZip(head) || ContentSniffer.IsTar(head) || ContentSniffer.IsGzip(head);
    }

    /// <summary>An archive has no text of its own: everything is in the files it holds.</summary>
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ContainedFile> ReadContainedAsync(DocumentInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var head = input.Head.Span;
        return ContentSniffer.IsZip(head) ? ReadZipAsync(input, cancellationToken)
            : ContentSniffer.IsGzip(head) ? ReadGzipAsync(input, cancellationToken)
            : ReadTarAsync(input, input.Open, new ZipContainerGuard(input.Path, "tar archive", _limits), cancellationToken);
    }

    /// <summary>Whether an entry is a file operating systems add to archives rather than a document someone put there.</summary>
    internal static bool IsSystemLeftover(string name)
    {
        var file = name.Replace('\\', '/').TrimEnd('/');
        var leaf = file[(file.LastIndexOf('/') + 1)..];
        return file.StartsWith("__MACOSX/", StringComparison.Ordinal) || file.Contains("/__MACOSX/", StringComparison.Ordinal)
            || leaf is ".DS_Store" or "Thumbs.db" or "desktop.ini" || leaf.StartsWith("._", StringComparison.Ordinal);
    }

    private async IAsyncEnumerable<ContainedFile> ReadZipAsync(DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = input.Open();
        await using (stream.ConfigureAwait(false))
        {
            (stream, var guard) = await ZipDocumentParts.CheckedAsync(stream, input.Path, "zip archive", _limits, cancellationToken).ConfigureAwait(false);
            using var zip = ZipDocumentParts.Guarded(input, "the zip", "zip archive", () => new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true));
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/') || IsSystemLeftover(entry.FullName))
                {
                    continue;
                }

                yield return new ContainedFile(entry.FullName, async (target, ct) =>
                {
                    try
                    {
                        var inflating = guard.Limit(await entry.OpenAsync(ct).ConfigureAwait(false));
                        await using (inflating.ConfigureAwait(false))
                        {
                            await inflating.CopyToAsync(target, ct).ConfigureAwait(false);
                        }
                    }
                    catch (Exception ex) when (ex is InvalidDataException or NotSupportedException)
                    {
                        // One damaged or encrypted entry: that file fails, the others are still read.
                        throw new DocumentReadException(entry.FullName, $"cannot be taken out of the zip archive: {ex.Message.TrimEnd('.')}", ex);
                    }
                });
            }
        }
    }

    private async IAsyncEnumerable<ContainedFile> ReadGzipAsync(DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var guard = new ZipContainerGuard(input.Path, "gzip file", _limits);
        Stream Inflate() => guard.Limit(new GZipStream(input.Open(), CompressionMode.Decompress));

        // A tar inside (".tar.gz", ".tgz") is opened as a folder; any other gzip file holds one file, named without ".gz".
        var first = new byte[512];
        int read;
        var probe = new GZipStream(input.Open(), CompressionMode.Decompress);
        await using (probe.ConfigureAwait(false))
        {
            try
            {
                read = await probe.ReadAtLeastAsync(first, first.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                throw new DocumentReadException(input.Path, $"not a valid gzip file: {ex.Message.TrimEnd('.')}", ex);
            }
        }

        if (read == first.Length && ContentSniffer.IsTar(first))
        {
            await foreach (var file in ReadTarAsync(input, Inflate, new ZipContainerGuard(input.Path, "tar archive", _limits), cancellationToken).ConfigureAwait(false))
            {
                yield return file;
            }

            yield break;
        }

        var name = Path.GetFileName(input.Path);
        name = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name + ".content";
        yield return new ContainedFile(name, async (target, ct) =>
        {
            var inflating = Inflate();
            await using (inflating.ConfigureAwait(false))
            {
                try
                {
                    await inflating.CopyToAsync(target, ct).ConfigureAwait(false);
                }
                catch (InvalidDataException ex)
                {
                    throw new DocumentReadException(name, $"cannot be taken out of the gzip file: {ex.Message.TrimEnd('.')}", ex);
                }
            }
        });
    }

    private async IAsyncEnumerable<ContainedFile> ReadTarAsync(
        DocumentInput input, Func<Stream> open, ZipContainerGuard guard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = open();
        await using (stream.ConfigureAwait(false))
        {
            var tar = new TarReader(stream, leaveOpen: true);
            await using (tar.ConfigureAwait(false))
            {
                var entries = 0;
                while (await NextAsync(input, tar, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    if (++entries > _limits.MaxEntries)
                    {
                        throw new DocumentReadException(input.Path, $"the tar archive holds more than {_limits.MaxEntries:N0} files, over the limit for one archive");
                    }

                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile) || IsSystemLeftover(entry.Name))
                    {
                        continue;
                    }

                    guard.CountInflated((int)Math.Min(int.MaxValue, entry.Length));
                    yield return new ContainedFile(entry.Name, async (target, ct) =>
                    {
                        if (entry.DataStream is { } data)
                        {
                            await data.CopyToAsync(target, ct).ConfigureAwait(false);
                        }
                    });
                }
            }
        }
    }

    private static async Task<TarEntry?> NextAsync(DocumentInput input, TarReader tar, CancellationToken cancellationToken)
    {
        try
        {
            return await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            throw new DocumentReadException(input.Path, $"not a valid tar archive: {ex.Message.TrimEnd('.')}", ex);
        }
    }
}
