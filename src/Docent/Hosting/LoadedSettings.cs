namespace Docent.Hosting;

/// <summary>
/// Settings as loaded, with where each explicitly set key came from (for <c>docent config show</c>). Immutable
/// after loading.
/// </summary>
/// <param name="Settings">The merged, validated settings.</param>
/// <param name="SettingsPath">The data folder's settings.json (which may not exist).</param>
/// <param name="Sources">Configuration key → the layer that set it last ("settings.json", "user-secrets", "environment", "command line").</param>
public sealed record LoadedSettings(DocentSettings Settings, string SettingsPath, IReadOnlyDictionary<string, string> Sources)
{
    /// <summary>Where <paramref name="key"/> came from, or "default".</summary>
    public string SourceOf(string key) => Sources.TryGetValue(key, out var source) ? source : "default";
}
