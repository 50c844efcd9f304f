namespace Docent.Ingestion;

/// <summary>Formats byte counts for people ("3.2 MB"). Static; thread-safe.</summary>
public static class ByteSize
{
    /// <summary>The size in the largest unit that keeps it at or above 1.</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KB",
        _ => $"{bytes} bytes",
    };
}
