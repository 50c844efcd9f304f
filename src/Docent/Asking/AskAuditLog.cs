using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Docent.Asking;

/// <summary>
/// The audit log: one JSON object a line for every answered question (written by <see cref="AuditingAskPipeline"/>), appended
/// to a file that is rotated by size — "audit.jsonl" becomes "audit.1.jsonl", the one before "audit.2.jsonl", and so on up to
/// the files kept; older ones are deleted. Each record is flushed as it is written (readers may tail the file). A write that
/// fails is logged and dropped: the answer it records was given and is not failed by it. Thread-safe (appends are serialised
/// under one lock); dispose to close the file.
/// </summary>
public sealed class AskAuditLog : IDisposable
{
    /// <summary>Default of the size at which the file is rotated: 10 MiB.</summary>
    public const long DefaultMaxFileBytes = 10L << 20;

    /// <summary>Default number of rotated files kept.</summary>
    public const int DefaultKeepFiles = 5;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private FileStream? _stream;
    private bool _disposed;

    /// <summary>
    /// Appends to <paramref name="path"/> (its folder is created), rotating it before a record would take it past
    /// <paramref name="maxFileBytes"/> and keeping <paramref name="keepFiles"/> earlier files.
    /// </summary>
    public AskAuditLog(string path, long maxFileBytes = DefaultMaxFileBytes, int keepFiles = DefaultKeepFiles, ILogger<AskAuditLog>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(keepFiles, 1);
        Path = System.IO.Path.GetFullPath(path);
        MaxFileBytes = maxFileBytes;
        KeepFiles = keepFiles;
        _logger = logger ?? NullLogger<AskAuditLog>.Instance;
    }

    /// <summary>The file records are appended to.</summary>
    public string Path { get; }

    /// <summary>The size the file may reach before it is rotated.</summary>
    public long MaxFileBytes { get; }

    /// <summary>How many rotated files are kept beside the current one.</summary>
    public int KeepFiles { get; }

    /// <summary>The path of the <paramref name="generation"/>-th rotated file ("audit.2.jsonl" for generation 2 of "audit.jsonl").</summary>
    public string RotatedPath(int generation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(generation, 1);
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        var name = System.IO.Path.GetFileNameWithoutExtension(Path);
        return System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{name}.{generation}{System.IO.Path.GetExtension(Path)}"));
    }

    /// <summary>Appends one record; false when it could not be written (the failure is logged).</summary>
    public bool Write(AskAuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = Serialize(record);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _stream ??= Open();
                if (_stream.Length > 0 && _stream.Length + line.Length > MaxFileBytes)
                {
                    Rotate(_stream.Length);
                }

                _stream.Write(line);
                _stream.Flush();
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                AskLog.AuditWriteFailed(_logger, ex, Path);
                _stream?.Dispose();
                _stream = null; // reopened by the next write
                return false;
            }
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _stream?.Dispose();
            _stream = null;
        }
    }

    private FileStream Open()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        return new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    private void Rotate(long length)
    {
        _stream!.Dispose();
        _stream = null;
        File.Delete(RotatedPath(KeepFiles));
        for (var generation = KeepFiles - 1; generation >= 1; generation--)
        {
            if (File.Exists(RotatedPath(generation)))
            {
                File.Move(RotatedPath(generation), RotatedPath(generation + 1));
            }
        }

        File.Move(Path, RotatedPath(1));
        _stream = Open();
        AskLog.AuditRotated(_logger, Path, length, KeepFiles);
    }

    private static byte[] Serialize(AskAuditRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", record.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("caller", record.Caller);
            json.WriteStartArray("principals");
            foreach (var principal in record.Principals)
            {
                json.WriteStringValue(principal);
            }

            json.WriteEndArray();
            json.WriteString("collection", record.Collection);
            json.WriteString("question", record.Question);
            json.WriteString("standaloneQuestion", record.StandaloneQuestion);
            if (record.ConversationId is { } conversation)
            {
                json.WriteString("conversationId", conversation);
            }

            json.WriteBoolean("found", record.Found);
            json.WriteStartArray("documents");
            foreach (var (id, source) in record.Documents)
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteString("source", source);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("cached", record.Cached);
            json.WriteNumber("latencyMs", Math.Round(record.Latency.TotalMilliseconds, 3));
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
