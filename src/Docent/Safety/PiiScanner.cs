namespace Docent.Safety;

/// <summary>
/// Finds the selected kinds of personal data in a text of any length (longer texts than <see cref="PiiDetector.MaxTextLength"/>
/// are scanned in windows cut at whitespace) together with every whole-word occurrence of names already known, and
/// redacts them. Pattern matches win over names where they overlap, longer names over shorter ones. Thread-safe.
/// </summary>
public sealed class PiiScanner
{
    /// <summary>Names shorter than this are never matched (a one-letter "name" would redact every "A").</summary>
    public const int MinNameLength = 2;

    private readonly PiiDetector _detector;
    private readonly HashSet<PiiKind> _kinds;

    /// <summary>A scanner reporting <paramref name="kinds"/> (names are reported whenever they are passed).</summary>
    public PiiScanner(IEnumerable<PiiKind> kinds, PiiDetector? detector = null)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        _kinds = [.. kinds];
        _detector = detector ?? new PiiDetector();
    }

    /// <summary>The matches in <paramref name="text"/>, in order, none overlapping.</summary>
    public IReadOnlyList<PiiMatch> Find(string text, IReadOnlyCollection<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<PiiMatch>();
        if (_kinds.Count > 0)
        {
            for (var start = 0; start < text.Length;)
            {
                var length = WindowLength(text, start);
                var window = start == 0 && length == text.Length ? text : text.Substring(start, length);
                foreach (var match in _detector.Find(window))
                {
                    if (_kinds.Contains(match.Kind))
                    {
                        found.Add(start == 0 ? match : match with { Start = match.Start + start });
                    }
                }

                start += length;
            }
        }

        if (names is { Count: > 0 })
        {
            AddNames(text, names, found);
        }

        return found;
    }

    /// <summary><paramref name="text"/> with every match replaced by its kind's placeholder.</summary>
    public string Redact(string text, IReadOnlyCollection<string>? names = null) => PiiRedactor.Redact(text, Find(text, names));

    private static int WindowLength(string text, int start)
    {
        var rest = text.Length - start;
        if (rest <= PiiDetector.MaxTextLength)
        {
            return rest;
        }

        // Cut at the last whitespace of the window's final 4 Ki characters, so that no item is split (or hard at the limit).
        var limit = PiiDetector.MaxTextLength;
        var cut = text.AsSpan(start + limit - 4096, 4096).LastIndexOfAny(' ', '\n', '\t');
        return cut < 0 ? limit : limit - 4096 + cut + 1;
    }

    private static void AddNames(string text, IReadOnlyCollection<string> names, List<PiiMatch> found)
    {
        var taken = new List<(int Start, int End)>(found.Select(m => (m.Start, m.End)));
        foreach (var name in names.Where(n => n.Length >= MinNameLength).Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length))
        {
            for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
            {
                var end = at + name.Length;
                var whole = (at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end]));
                if (whole && !taken.Any(t => at < t.End && t.Start < end))
                {
                    taken.Add((at, end));
                    found.Add(new PiiMatch(PiiKind.Name, at, name.Length, name));
                }
            }
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
    }
}
