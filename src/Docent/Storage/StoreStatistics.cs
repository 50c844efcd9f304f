namespace Docent.Storage;

/// <summary>Counts and sizes of a data folder. Immutable.</summary>
public sealed record StoreStatistics(int Documents, long Chunks, long DatabaseBytes, long LastChange);
