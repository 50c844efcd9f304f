using Docent.Chunking;
using Docent.Retrieval;

namespace Docent.Hosting;

/// <summary>
/// Everything needed to open a Docent data folder: where it is and how its stages are tuned. Plain
/// options; call <see cref="Validate"/> before use; the engine never mutates them.
/// </summary>
public sealed class DocentOptions
{
    /// <summary>The data folder used when neither --data nor DOCENT_DATA says otherwise.</summary>
    public const string DefaultDataDirectory = ".docent";

    /// <summary>The environment variable that overrides the default data folder.</summary>
    public const string DataDirectoryVariable = "DOCENT_DATA";

    /// <summary>The data folder (database, lexical index, lock).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>The chunker's token budget.</summary>
    public ChunkerOptions Chunking { get; set; } = new();

    /// <summary>BM25 parameters and field weights.</summary>
    public Bm25Options Lexical { get; set; } = new();

    /// <summary>RM3 pseudo-relevance feedback on lexical retrieval; null turns it off.</summary>
    public FeedbackOptions? Feedback { get; set; }


    /// <summary>Models, retrieval mode and fusion (from settings.json, environment, user secrets and flags).</summary>
    public DocentSettings Settings { get; set; } = new();

    /// <summary>HNSW parameters of a new vector index.</summary>
    public Vectors.HnswOptions Vectors { get; set; } = new();

    /// <summary>Open the vector index even in lexical mode (writers: ingest keeps vectors in step whenever a model is set).</summary>
    public bool MaintainVectors { get; set; }

    /// <summary>
    /// Create the data folder and its store when they do not exist (writers: ingest, uploads). Readers turn it off, so
    /// <see cref="DataFolder.OpenAsync"/> throws <see cref="DataFolderNotFoundException"/> rather than leave an empty folder behind.
    /// </summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>
    /// The data folder to use: <paramref name="explicitDirectory"/> if given, else DOCENT_DATA, else ".docent".
    /// </summary>
    public static string ResolveDataDirectory(string? explicitDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return explicitDirectory;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(DataDirectoryVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultDataDirectory : fromEnvironment;
    }

    /// <summary>Throws when any setting is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory);
        ArgumentNullException.ThrowIfNull(Chunking);
        ArgumentNullException.ThrowIfNull(Lexical);
        Chunking.Validate();
        Lexical.Validate();
        Feedback?.Validate();
        ArgumentNullException.ThrowIfNull(Settings);
        Settings.Validate();
        ArgumentNullException.ThrowIfNull(Vectors);
        Vectors.Validate();

    }
}
