using System.Collections.ObjectModel;

namespace Docent.Documents;

/// <summary>
/// Keeps the heading path while a reader walks a document: a heading of level n replaces the previous
/// heading of level n and every deeper one. <see cref="Current"/> is an immutable snapshot, shared by all
/// blocks until the next heading. Not thread-safe: one instance per read.
/// </summary>
public sealed class HeadingPathTracker
{
    private static readonly IReadOnlyList<string> Empty = new ReadOnlyCollection<string>([]);

    private readonly List<(int Level, string Text)> _stack = [];

    /// <summary>The path of the headings enclosing the next block, outermost first.</summary>
    public IReadOnlyList<string> Current { get; private set; } = Empty;

    /// <summary>Enters a heading and returns the new path, which includes the heading itself.</summary>
    /// <param name="level">Heading depth, 1 = outermost; values below 1 count as 1.</param>
    /// <param name="text">The heading's normalised text.</param>
    public IReadOnlyList<string> Enter(int level, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        level = Math.Max(1, level);
        while (_stack.Count > 0 && _stack[^1].Level >= level)
        {
            _stack.RemoveAt(_stack.Count - 1);
        }

        _stack.Add((level, text));
        Current = new ReadOnlyCollection<string>(_stack.Select(entry => entry.Text).ToArray());
        return Current;
    }

    /// <summary>Creates the heading block for <paramref name="text"/> and enters it; levels are clamped to 1–6.</summary>
    public DocumentBlock HeadingBlock(int level, string text, int? page = null)
    {
        var clamped = Math.Clamp(level, 1, 6);
        return new DocumentBlock(BlockKind.Heading, text, Enter(clamped, text), page, clamped);
    }

    /// <summary>Creates a non-heading block under the current path.</summary>
    public DocumentBlock Block(BlockKind kind, string text, int? page = null) =>
        new(kind, text, Current, page);
}
