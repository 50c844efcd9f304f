namespace Docent.SampleBuilder;

/// <summary>Kinds of <see cref="SampleItem"/>.</summary>
internal enum SampleItemKind
{
    Heading,
    Paragraph,
    Bullet,
    TableRow,
    PageBreak,
}
