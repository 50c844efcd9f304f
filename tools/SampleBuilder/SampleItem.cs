namespace Docent.SampleBuilder;

/// <summary>One piece of a generated sample document, in order. Immutable.</summary>
/// <param name="Kind">What the item is.</param>
/// <param name="Text">Its text; for a table row, the cells separated by '|'.</param>
/// <param name="Level">Heading level (1–2) for headings.</param>
internal sealed record SampleItem(SampleItemKind Kind, string Text = "", int Level = 0)
{
    public static SampleItem H1(string text) => new(SampleItemKind.Heading, text, 1);

    public static SampleItem H2(string text) => new(SampleItemKind.Heading, text, 2);

    public static SampleItem P(string text) => new(SampleItemKind.Paragraph, text);

    public static SampleItem Bullet(string text) => new(SampleItemKind.Bullet, text);

    public static SampleItem Row(string cells) => new(SampleItemKind.TableRow, cells);

    public static SampleItem PageBreak { get; } = new(SampleItemKind.PageBreak);
}
