namespace Docent.Ingestion;

/// <summary>What kind of file system entry a path names (the file type bits of stat).</summary>
public enum FileKind
{
    /// <summary>Nothing could be found or examined there; <see cref="FileStatus.Problem"/> says why.</summary>
    Missing,

    /// <summary>A regular file: the only kind that is read.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (only when links are not followed).</summary>
    SymbolicLink,

    /// <summary>A character device such as /dev/zero or a terminal.</summary>
    CharacterDevice,

    /// <summary>A block device such as a disk.</summary>
    BlockDevice,

    /// <summary>A named pipe (FIFO): opening one blocks until a writer appears.</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>Some other special file (not a regular file).</summary>
    Other,
}
