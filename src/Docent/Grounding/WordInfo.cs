using Docent.Answering;

namespace Docent.Grounding;

/// <summary>
/// A word of a text as the grounding check sees it: where it starts, lower-cased, its analyzer term (null for
/// a stop word) and whether it is a negation cue. Immutable.
/// </summary>
internal readonly record struct WordInfo(int Start, string Lower, string? Term, bool IsNegation);
