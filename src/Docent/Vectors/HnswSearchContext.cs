namespace Docent.Vectors;

/// <summary>
/// The scratch state of one graph search or insertion: visited set, queues, the prepared query and buffers.
/// Pooled by its index so searches allocate nothing but their result. Not thread-safe (one user at a time).
/// </summary>
internal sealed class HnswSearchContext
{
    public HnswSearchContext(int dimension, int maxNeighbors)
    {
        Query = new float[dimension];
        Transformed = new float[dimension];
        Scratch = new float[dimension];
        Links = new int[maxNeighbors + 1];
        Pending = new int[maxNeighbors + 1];
        Selected = new Neighbor[maxNeighbors + 1];
        PruneCandidates = new Neighbor[maxNeighbors + 1];
        PruneSelected = new Neighbor[maxNeighbors + 1];
    }

    public VisitedSet Visited { get; } = new();

    public CandidateQueue Candidates { get; } = new();

    public ResultQueue Results { get; } = new();

    /// <summary>The query as searched (normalised for cosine).</summary>
    public float[] Query { get; }

    /// <summary>The query prepared for int8 distances.</summary>
    public float[] Transformed { get; }

    /// <summary>A second vector buffer (neighbour selection).</summary>
    public float[] Scratch { get; }

    /// <summary>A copy of one neighbour list, read under its node's lock while inserting in parallel.</summary>
    public int[] Links { get; }

    /// <summary>Unvisited neighbours of the node being expanded.</summary>
    public int[] Pending { get; }

    /// <summary>Neighbours chosen by the selection heuristic.</summary>
    public Neighbor[] Selected { get; }

    /// <summary>A full neighbour list plus the new node, while shrinking it.</summary>
    public Neighbor[] PruneCandidates { get; }

    /// <summary>What the shrink keeps.</summary>
    public Neighbor[] PruneSelected { get; }

    /// <summary>Sorted candidates, grown as needed.</summary>
    public Neighbor[] Sorted { get; set; } = new Neighbor[256];

    public Neighbor[] EnsureSorted(int length)
    {
        if (Sorted.Length < length)
        {
            Sorted = new Neighbor[Math.Max(length, Sorted.Length * 2)];
        }

        return Sorted;
    }
}
