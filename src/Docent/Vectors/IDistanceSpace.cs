namespace Docent.Vectors;

/// <summary>
/// Distance from one prepared query to stored node <c>id</c> (lower is closer). Implemented by small structs so
/// that the generic graph search is compiled once per kind and the call inlines. Implementations are immutable
/// views; thread-safety is that of the arrays they view.
/// </summary>
internal interface IDistanceSpace
{
    float Distance(int id);

    /// <summary>Hints the processor to start loading node <c>id</c>'s row (no effect where prefetch is unsupported).</summary>
    void Prefetch(int id);
}
