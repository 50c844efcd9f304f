namespace Docent.Models.Onnx;

/// <summary>
/// Settings of <see cref="StaticEmbeddingGenerator"/>: which packaged model to distil the table from and where the table
/// is cached. Plain options.
/// </summary>
public sealed class StaticEmbeddingOptions
{
    /// <summary>Environment variable that moves the model cache (where distilled tables are kept).</summary>
    public const string CacheDirectoryVariable = "DOCENT_MODEL_CACHE";

    /// <summary>The transformer the table is distilled from.</summary>
    public PackagedEmbeddingModel PackagedModel { get; set; } = PackagedEmbeddingModel.MiniLM;

    /// <summary>Folder of distilled tables; null uses <see cref="DefaultCacheDirectory"/>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Model id stored with the vectors; null uses the table's key (for example "all-MiniLM-L6-v2-static-v1").</summary>
    public string? ModelId { get; set; }

    /// <summary>Receives a line now and then while a table is distilled (it happens once per machine and model).</summary>
    public IProgress<string>? Progress { get; set; }

    /// <summary>Tests only: distil just these vocabulary ids (others get zero rows).</summary>
    internal IReadOnlyList<int>? DistillTokenIds { get; set; }

    /// <summary>Tests only: an already loaded transformer to distil from instead of loading <see cref="PackagedModel"/>.</summary>
    internal OnnxEmbeddingGenerator? Teacher { get; set; }

    /// <summary>
    /// The per-user model cache: <c>$DOCENT_MODEL_CACHE</c> if set; else <c>%LOCALAPPDATA%\docent\models</c> on Windows;
    /// else <c>$XDG_CACHE_HOME/docent/models</c>, or <c>~/.cache/docent/models</c>.
    /// </summary>
    public static string DefaultCacheDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(CacheDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(LocalModelPath(configured));
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "docent", "models");
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "docent", "models");
    }

    private static string LocalModelPath(string path) => Docent.Models.LocalModelProviders.ExpandHome(path);

    internal StaticEmbeddingOptions Clone() => (StaticEmbeddingOptions)MemberwiseClone();
}
