namespace Docent.Storage;

/// <summary>
/// Thrown when an index asks for store changes after a position the change log no longer holds: another process
/// saved a newer index and trimmed the log past it. The index cannot be caught up in place; it must be reloaded
/// from the newer file on disk or rebuilt from the store (the synchronisers do this themselves).
/// </summary>
public sealed class ChangeLogTrimmedException : Exception
{
    /// <summary>Creates the exception for an index at <paramref name="watermark"/> and a log trimmed through <paramref name="trimmedThrough"/>.</summary>
    public ChangeLogTrimmedException(long watermark, long trimmedThrough)
        : base($"The store's change log was trimmed through change {trimmedThrough}, past the index's position {watermark}; " +
               "the index must be reloaded or rebuilt.")
    {
        Watermark = watermark;
        TrimmedThrough = trimmedThrough;
    }

    /// <summary>The last change the index had applied.</summary>
    public long Watermark { get; }

    /// <summary>The last change the log no longer holds.</summary>
    public long TrimmedThrough { get; }
}
