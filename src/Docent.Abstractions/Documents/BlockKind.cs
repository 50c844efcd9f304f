namespace Docent.Documents;

/// <summary>What a <see cref="DocumentBlock"/> holds: the structural unit a reader recognised.</summary>
public enum BlockKind
{
    /// <summary>A heading; <see cref="DocumentBlock.HeadingLevel"/> says its depth.</summary>
    Heading,

    /// <summary>A paragraph of running text.</summary>
    Paragraph,

    /// <summary>One item of a bulleted or numbered list; always its own sentence.</summary>
    ListItem,

    /// <summary>Preformatted code; never split into sentences by punctuation.</summary>
    Code,

    /// <summary>One row of a table as a sentence naming each value by its column header ("City: Tokyo; Per diem: ¥20,000.").</summary>
    TableRow,
}
