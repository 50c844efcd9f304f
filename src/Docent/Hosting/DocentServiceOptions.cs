namespace Docent.Hosting;

/// <summary>
/// How <c>services.AddDocent(…)</c> opens Docent inside an application: the data folder, the collection questions go to
/// unless one is named, and setting overrides. Bound through the options pattern and checked at start by
/// <see cref="DocentServiceOptionsValidator"/>. Plain options.
/// </summary>
public sealed class DocentServiceOptions
{
    /// <summary>The key Docent's <see cref="Microsoft.Extensions.AI.IChatClient"/> is registered under (keyed, so an application's own chat model keeps the unkeyed slot).</summary>
    public const string ServiceKey = "docent";

    /// <summary>The data folder: its root is the "default" collection, others live in its collections/NAME folders (as <c>docent serve</c> lays them out).</summary>
    public string DataDirectory { get; set; } = DocentOptions.ResolveDataDirectory(null);

    /// <summary>The collection the chat client, the functions and ingest use when none is named.</summary>
    public string DefaultCollection { get; set; } = DocentCollections.DefaultName;

    /// <summary>
    /// Setting overrides by key, as <c>docent --set</c> takes them ("chat.model" or "chat:model" → "gpt-4o-mini"); they win over the
    /// folder's settings.json, user secrets and <c>DOCENT_*</c> variables, which are read as the CLI reads them.
    /// </summary>
    public IDictionary<string, string?> Settings { get; set; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many passages an answer may draw on (1–100).</summary>
    public int Top { get; set; } = 8;

    /// <summary>How many passages the search function returns at most when the caller does not say (1–50).</summary>
    public int SearchTop { get; set; } = 5;

    /// <summary>Create a collection's data folder on first use; off: a missing folder is an error (a read-only deployment of an ingested folder).</summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>The engine options of the collection held in <paramref name="directory"/>: its settings loaded with <see cref="Settings"/> over them.</summary>
    public DocentOptions ToDocentOptions(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var overrides = Settings.ToDictionary(pair => pair.Key.Replace('.', ':'), pair => pair.Value, StringComparer.OrdinalIgnoreCase);
        var loaded = DocentSettingsLoader.Load(directory, overrides);
        return new DocentOptions { DataDirectory = directory, Settings = loaded.Settings, CreateIfMissing = CreateIfMissing };
    }
}
