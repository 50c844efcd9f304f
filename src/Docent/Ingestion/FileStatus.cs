using System.Runtime.InteropServices;

namespace Docent.Ingestion;

/// <summary>
/// The type, size and identity (device and inode) of a path, read without opening it, so that devices, FIFOs
/// and sockets can be told apart from regular files and a folder reached twice through symbolic links is
/// recognised. .NET has no managed API for the file type or for st_dev/st_ino, so on Linux this calls libc's
/// <c>statx</c> through one <c>[LibraryImport]</c>: unlike <c>stat</c>, its structure has the same layout on
/// every architecture and it is an exported symbol on every glibc since 2.28 (no <c>__xstat</c> versioning),
/// which keeps the import to a single, layout-safe call with no package (Mono.Unix would bring a native
/// library of its own). Elsewhere, or where <c>statx</c> is missing, it falls back to managed calls: folders and
/// files are told apart, but devices are not and <see cref="HasIdentity"/> is false (callers then compare
/// resolved paths). Immutable; the static members are thread-safe.
/// </summary>
/// <param name="Kind">What the path names.</param>
/// <param name="Length">The size stat reports (0 for devices and pipes: never a limit to trust).</param>
/// <param name="Device">The device the entry lives on (with <see cref="Inode"/>, its identity).</param>
/// <param name="Inode">The entry's inode number.</param>
/// <param name="HasIdentity">Whether <see cref="Device"/> and <see cref="Inode"/> were read.</param>
/// <param name="Problem">For <see cref="FileKind.Missing"/>: why, in words ("path not found", "permission denied").</param>
public readonly partial record struct FileStatus(
    FileKind Kind,
    long Length = 0,
    ulong Device = 0,
    ulong Inode = 0,
    bool HasIdentity = false,
    string? Problem = null)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    private static volatile bool s_statxUnavailable = !OperatingSystem.IsLinux();

    /// <summary>Examines <paramref name="path"/>; with <paramref name="followLinks"/> false a symbolic link is reported as one (lstat).</summary>
    public static FileStatus Get(string path, bool followLinks = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!s_statxUnavailable)
        {
            try
            {
                return GetWithStatx(path, followLinks);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                s_statxUnavailable = true;
            }
        }

        return GetManaged(path, followLinks);
    }

    /// <summary>The words for this kind in a message ("a character device", "a named pipe (FIFO)").</summary>
    public string Describe() => Kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.Socket => "a socket",
        FileKind.Other => "a special file",
        _ => Problem ?? "not found",
    };

    private static unsafe FileStatus GetWithStatx(string path, bool followLinks)
    {
        var buffer = stackalloc byte[StatxSize];
        new Span<byte>(buffer, StatxSize).Clear();
        if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == 38)
            {
                // ENOSYS: a kernel or sandbox without statx.
                s_statxUnavailable = true;
                return GetManaged(path, followLinks);
            }

            return new FileStatus(FileKind.Missing, Problem: errno switch
            {
                2 or 20 => "path not found", // ENOENT, ENOTDIR
                13 or 1 => "permission denied", // EACCES, EPERM
                40 => "too many levels of symbolic links (a link loop)", // ELOOP
                36 => "the path is too long", // ENAMETOOLONG
                _ => Marshal.GetPInvokeErrorMessage(errno),
            });
        }

        // struct statx (linux/stat.h), fixed layout: stx_mode u16 @28, stx_ino u64 @32, stx_size u64 @40,
        // stx_dev_major u32 @136, stx_dev_minor u32 @140.
        var mode = *(ushort*)(buffer + 28);
        var inode = *(ulong*)(buffer + 32);
        var size = *(ulong*)(buffer + 40);
        var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
        return new FileStatus(kind, (long)Math.Min(size, long.MaxValue), device, inode, HasIdentity: true);
    }

    private static FileStatus GetManaged(string path, bool followLinks)
    {
        try
        {
            var info = new FileInfo(path);
            if (!followLinks && info.LinkTarget is not null)
            {
                return new FileStatus(FileKind.SymbolicLink);
            }

            if (Directory.Exists(path))
            {
                return new FileStatus(FileKind.Directory);
            }

            return info.Exists ? new FileStatus(FileKind.Regular, info.Length) : new FileStatus(FileKind.Missing, Problem: "path not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FileStatus(FileKind.Missing, Problem: ex is UnauthorizedAccessException ? "permission denied" : "the path cannot be examined");
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
