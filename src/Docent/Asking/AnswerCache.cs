using System.Globalization;
using System.Text;
using Docent.Text;

namespace Docent.Asking;

/// <summary>
/// The answers <see cref="CachingAskPipeline"/> keeps, least recently used first out once <see cref="MaxEntries"/> are held.
/// An entry is filed under a partition (one opened data folder), the folder's version when it was answered, and a key of the
/// normalised question, the caller's access scope and the answer-affecting options; an entry of an older version is never
/// served (the key differs), and the first lookup that sees a partition's new version drops its older entries at once.
/// In memory only; one instance may serve many folders. Thread-safe (one lock; lookups are dictionary reads).
/// </summary>
public sealed class AnswerCache
{
    /// <summary>Default of <see cref="MaxEntries"/>.</summary>
    public const int DefaultMaxEntries = 1_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Slot>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Slot> _recency = new();
    private readonly Dictionary<string, string> _latestVersion = new(StringComparer.Ordinal);

    /// <summary>A cache of at most <paramref name="maxEntries"/> answers (at least 1).</summary>
    public AnswerCache(int maxEntries = DefaultMaxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        MaxEntries = maxEntries;
    }

    /// <summary>The most answers held; adding one more drops the least recently used.</summary>
    public int MaxEntries { get; }

    /// <summary>How many answers are held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Drops every answer.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _recency.Clear();
            _latestVersion.Clear();
        }
    }

    /// <summary>
    /// The question as the cache compares it: Unicode-composed (NFC), trimmed, every run of white space one space,
    /// lower-cased by the invariant culture, and without trailing question marks, full stops and exclamation marks (of any
    /// script). Nothing else is changed — words, digits, inner punctuation and their order keep questions apart.
    /// </summary>
    public static string NormalizeQuestion(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = CanonicalComposer.RuntimeNormalizes ? question.Normalize(NormalizationForm.FormC) : CanonicalComposer.Compose(question);
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        var end = builder.Length;
        while (end > 0 && (IsClosingMark(builder[end - 1]) || builder[end - 1] == ' '))
        {
            end--;
        }

        return builder.ToString(0, end);

        static bool IsClosingMark(char c) => c is '?' or '.' or '!' or '？' or '。' or '！' or '؟' or '…';
    }

    /// <summary>The answer filed under <paramref name="key"/> for <paramref name="version"/> of <paramref name="partition"/>, marked most recently used.</summary>
    internal bool TryGet(string partition, string version, string key, out Entry entry)
    {
        lock (_lock)
        {
            if (_latestVersion.TryGetValue(partition, out var latest) && !string.Equals(latest, version, StringComparison.Ordinal))
            {
                DropOtherVersions(partition, version);
            }

            _latestVersion[partition] = version;
            if (_entries.TryGetValue(FullKey(partition, version, key), out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                entry = node.Value.Entry;
                return true;
            }
        }

        entry = null!;
        return false;
    }

    /// <summary>Files <paramref name="entry"/> (replacing one under the same key), dropping the least recently used answer when full.</summary>
    internal void Add(string partition, string version, string key, Entry entry)
    {
        var fullKey = FullKey(partition, version, key);
        lock (_lock)
        {
            if (_entries.Remove(fullKey, out var existing))
            {
                _recency.Remove(existing);
            }

            _entries[fullKey] = _recency.AddFirst(new Slot(fullKey, partition, version, entry));
            while (_entries.Count > MaxEntries)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.FullKey);
            }
        }
    }

    private void DropOtherVersions(string partition, string version)
    {
        for (var node = _recency.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Partition == partition && node.Value.Version != version)
            {
                _recency.Remove(node);
                _entries.Remove(node.Value.FullKey);
            }

            node = next;
        }
    }

    private static string FullKey(string partition, string version, string key) =>
        string.Create(CultureInfo.InvariantCulture, $"{partition}\u001f{version}\u001f{key}");

    /// <summary>A cached answer: the result, the text its stream carried (null when none), and how long it took to compute.</summary>
    internal sealed record Entry(AskResult Result, string? StreamedText, TimeSpan Latency);

    private sealed record Slot(string FullKey, string Partition, string Version, Entry Entry);
}
