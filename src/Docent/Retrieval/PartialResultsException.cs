namespace Docent.Retrieval;

/// <summary>
/// A collection held in parts (the shards of a cluster) could not reach every part after retrying, so a search, an answer
/// or a list would miss their documents; hosts report it as "unavailable, try again" rather than answering short.
/// </summary>
public sealed class PartialResultsException : Exception
{
    /// <summary>Creates the error for <paramref name="collection"/>'s unreachable <paramref name="missingShards"/>.</summary>
    public PartialResultsException(string collection, IReadOnlyList<int> missingShards, int shardCount)
        : base($"Collection \"{collection}\": {missingShards.Count} of {shardCount} shards ({string.Join(", ", missingShards)}) did not answer after retrying, " +
               "so an answer would miss their documents. Try again once the cluster has moved them to a live silo.")
    {
        Collection = collection;
        MissingShards = missingShards;
    }

    /// <summary>Creates the error with a message only.</summary>
    public PartialResultsException(string message)
        : base(message)
    {
        Collection = "";
        MissingShards = [];
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public PartialResultsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Collection = "";
        MissingShards = [];
    }

    /// <summary>Creates the error with no detail.</summary>
    public PartialResultsException()
        : this("A search could not reach every shard.")
    {
    }

    /// <summary>The collection searched.</summary>
    public string Collection { get; }

    /// <summary>The shards that did not answer.</summary>
    public IReadOnlyList<int> MissingShards { get; }
}
