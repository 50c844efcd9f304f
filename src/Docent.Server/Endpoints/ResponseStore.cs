using System.Collections.Concurrent;

namespace Docent.Server.Endpoints;

/// <summary>
/// The conversations of recent Responses-API answers, in memory, so a request may continue one by
/// <c>previous_response_id</c>: the newest <see cref="Capacity"/> are kept (the oldest dropped first), and each only for the
/// collection and API key that asked. Lost when the server stops. Thread-safe.
/// </summary>
internal sealed class ResponseStore
{
    /// <summary>How many responses are kept.</summary>
    public const int Capacity = 1000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Keeps the conversation that ends with response <paramref name="id"/>.</summary>
    public void Add(string id, string collection, string caller, IReadOnlyList<ChatMessageBody> messages)
    {
        _entries[id] = new Entry(collection, caller, messages);
        _order.Enqueue(id);
        while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _entries.TryRemove(oldest, out _);
        }
    }

    /// <summary>The conversation ending with response <paramref name="id"/>, when it is kept and was asked by the same caller of the same collection.</summary>
    public IReadOnlyList<ChatMessageBody>? Find(string id, string collection, string caller) =>
        _entries.TryGetValue(id, out var entry) && entry.Collection == collection && entry.Caller == caller ? entry.Messages : null;

    private sealed record Entry(string Collection, string Caller, IReadOnlyList<ChatMessageBody> Messages);
}
