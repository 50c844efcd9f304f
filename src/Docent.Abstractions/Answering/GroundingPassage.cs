namespace Docent.Answering;

/// <summary>
/// A numbered source an answer may cite: the passage text exactly as the model saw it, and optional
/// surroundings (title, heading path) whose words also count as present in the source. Immutable.
/// </summary>
/// <param name="Text">The passage text; spans in the grounding report point into it.</param>
/// <param name="Context">Title and headings shown with the passage, or null.</param>
public sealed record GroundingPassage(string Text, string? Context = null);
