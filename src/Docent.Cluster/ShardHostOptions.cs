using Docent.Hosting;
using Docent.Ingestion;

namespace Docent.Cluster;

/// <summary>
/// How a silo keeps the shards it is given: the folder every silo reaches them under, and how each shard's data folder is
/// opened. Plain options; call <see cref="Validate"/> before use.
/// </summary>
public sealed class ShardHostOptions
{
    /// <summary>
    /// The folder shards live under, as <c>&lt;root&gt;/&lt;collection&gt;/shard-&lt;index&gt;</c>. Every silo must reach the same
    /// folder (one disk for silos on one machine; a shared volume otherwise), so a shard re-activated on another silo opens
    /// the same store.
    /// </summary>
    public string DataRoot { get; set; } = "";

    /// <summary>The options a shard's data folder opens with, given its directory; null opens it with the defaults (lexical, extractive).</summary>
    public Func<string, DocentOptions>? FolderOptions { get; set; }

    /// <summary>The model services a shard's data folder gets (embedding model, logging); null lends none.</summary>
    public Func<string, ModelServices>? Services { get; set; }

    /// <summary>The largest file a shard ingests.</summary>
    public long MaxDocumentBytes { get; set; } = IngestOptions.DefaultMaxFileBytes;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataRoot))
        {
            throw new ArgumentException("DataRoot must name the folder the shards live under.", nameof(DataRoot));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDocumentBytes, 1, nameof(MaxDocumentBytes));
    }
}
