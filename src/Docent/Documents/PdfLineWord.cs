namespace Docent.Documents;

/// <summary>One word of a <see cref="PdfTextLine"/> and its horizontal extent on the page, in points from the left. Immutable.</summary>
/// <param name="Text">The word.</param>
/// <param name="Left">Its left edge.</param>
/// <param name="Right">Its right edge.</param>
/// <param name="Font">Its font's name ("Helvetica-Bold"), "" when unknown.</param>
internal readonly record struct PdfLineWord(string Text, double Left, double Right, string Font = "");
