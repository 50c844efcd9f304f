namespace Docent.Vectors;

/// <summary>A node id and its distance to the current query (lower is closer). Immutable.</summary>
internal readonly record struct Neighbor(float Distance, int Id);
