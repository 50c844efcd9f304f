using System.Text;

namespace Docent.Generation;

/// <summary>
/// Watches streamed text for stop strings: <see cref="Append"/> returns the text that is safe to emit now, holding
/// back any tail that could still turn into a stop string, and stops (never emitting the stop string or anything
/// after it) once the text so far contains one. Stateful: one per generation; not thread-safe.
/// </summary>
public sealed class StopSequenceMatcher
{
    private readonly string[] _stops;
    private readonly int _longest;
    private readonly StringBuilder _pending = new();

    /// <summary>Creates a matcher for <paramref name="stopSequences"/> (empty strings are ignored).</summary>
    public StopSequenceMatcher(IEnumerable<string> stopSequences)
    {
        ArgumentNullException.ThrowIfNull(stopSequences);
        _stops = [.. stopSequences.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal)];
        _longest = _stops.Length == 0 ? 0 : _stops.Max(s => s.Length);
    }

    /// <summary>Whether a stop string has been seen.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The stop string seen, or null.</summary>
    public string? StopSequence { get; private set; }

    /// <summary>
    /// Adds newly decoded <paramref name="text"/> and returns what may be emitted now (possibly empty). After a stop
    /// string it returns the text before it and then only empty strings.
    /// </summary>
    public string Append(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Stopped)
        {
            return "";
        }

        _pending.Append(text);
        if (_stops.Length == 0)
        {
            return Take(_pending.Length);
        }

        var pending = _pending.ToString();
        var first = -1;
        foreach (var stop in _stops)
        {
            var at = pending.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
                StopSequence = stop;
            }
        }

        if (first >= 0)
        {
            Stopped = true;
            var before = pending[..first];
            _pending.Clear();
            return before;
        }

        // Hold back the longest suffix that is a proper prefix of some stop string.
        var hold = 0;
        for (var length = Math.Min(_longest - 1, pending.Length); length > 0; length--)
        {
            if (IsStopPrefix(pending.AsSpan(pending.Length - length)))
            {
                hold = length;
                break;
            }
        }

        return Take(pending.Length - hold);
    }

    /// <summary>Whatever is still held back (call when generation ends without a stop string).</summary>
    public string Flush()
    {
        if (Stopped)
        {
            return "";
        }

        return Take(_pending.Length);
    }

    private bool IsStopPrefix(ReadOnlySpan<char> tail)
    {
        foreach (var stop in _stops)
        {
            if (stop.Length > tail.Length && stop.AsSpan().StartsWith(tail, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private string Take(int length)
    {
        var text = _pending.ToString(0, length);
        _pending.Remove(0, length);
        return text;
    }
}
