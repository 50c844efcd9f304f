namespace Docent.Hosting;

/// <summary>How many chunks of a data folder are in one language (ISO 639-1, or "und" where not told). Immutable.</summary>
public sealed record LanguageCount(string Language, int Chunks);
