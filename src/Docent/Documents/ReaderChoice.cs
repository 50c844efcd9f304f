namespace Docent.Documents;

/// <summary>
/// What <see cref="DocumentReaderSelector.Select"/> decided for one input: the reader to use, or why the
/// input is skipped. Exactly one of the two is set. Immutable.
/// </summary>
/// <param name="Reader">The reader for the input, or null when it is skipped.</param>
/// <param name="SkipReason">Why no reader applies, phrased for the user, or null when a reader was chosen.</param>
public sealed record ReaderChoice(IDocumentReader? Reader, string? SkipReason)
{
    /// <summary>A choice of <paramref name="reader"/>.</summary>
    public static ReaderChoice Use(IDocumentReader reader) => new(reader ?? throw new ArgumentNullException(nameof(reader)), null);

    /// <summary>A decision to skip the input for <paramref name="reason"/>.</summary>
    public static ReaderChoice Skip(string reason) => new(null, reason ?? throw new ArgumentNullException(nameof(reason)));
}
