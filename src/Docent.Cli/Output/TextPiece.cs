using Spectre.Console;

namespace Docent.Cli.Output;

/// <summary>A run of text drawn in one style, and whether <see cref="TextWrapper"/> may break it. Immutable.</summary>
/// <param name="Text">The text; for <see cref="TextPieceKind.Gap"/> only its length counts.</param>
/// <param name="Style">How it is drawn (colour is dropped when the output is not a terminal).</param>
/// <param name="Kind">Whether it is prose, an unbreakable token or an alignment gap.</param>
internal readonly record struct TextPiece(string Text, Style Style, TextPieceKind Kind = TextPieceKind.Words);
