namespace Docent.Safety;

/// <summary>
/// What <see cref="ChatNameFinder"/> got for one passage: the person names the model listed that occur in it, or, when the
/// model could not be asked or its reply was not the JSON asked for, why (and no names). Immutable.
/// </summary>
/// <param name="Names">Names as written in the passage; empty when none or on a problem.</param>
/// <param name="Problem">Why no names could be taken from the model, in words; null when the reply was read.</param>
public sealed record NameFinding(IReadOnlyList<string> Names, string? Problem = null);
