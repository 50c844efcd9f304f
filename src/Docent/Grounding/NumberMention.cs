using Docent.Answering;

namespace Docent.Grounding;

/// <summary>
/// A number written in text ("1,500", "3.50", "twenty-five", "2 million") with the canonical values it may
/// stand for ("1500"; "3.5"; "25"; "2" and "2000000"). Immutable.
/// </summary>
/// <param name="Surface">The number as written.</param>
/// <param name="Values">Canonical decimal strings it may mean; any one found in a source supports it.</param>
internal sealed record NumberMention(string Surface, IReadOnlyList<string> Values);
