namespace Docent.Cli.Output;

/// <summary>How <see cref="TextWrapper"/> may break a <see cref="TextPiece"/> across lines.</summary>
internal enum TextPieceKind
{
    /// <summary>Prose: may break at any space; runs of spaces show as one.</summary>
    Words,

    /// <summary>An id or a path: never broken, even when longer than the line (then it overflows).</summary>
    Token,

    /// <summary>Exactly this many spaces, for alignment; a line may break here, and then the gap is dropped.</summary>
    Gap,

    /// <summary>No text: lines after the first start in the column where the next word starts (a hanging indent).</summary>
    Hang,
}
