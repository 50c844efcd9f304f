using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace Docent.Hosting;

/// <summary>
/// Reads <see cref="DocentSettings"/> from four layers, each overriding the one before: the data folder's
/// <c>settings.json</c>, the user-secrets file, <c>DOCENT_*</c> environment variables (<c>DOCENT_CHAT__MODEL</c>
/// is <c>chat:model</c>), and command-line flags. API keys are secrets: they are accepted only from the
/// environment (or <c>OPENAI_API_KEY</c>, for api.openai.com only) and the user-secrets file; a key in settings.json is refused so it
/// never lands in a folder that gets copied or committed. Static; thread-safe.
/// </summary>
public static class DocentSettingsLoader
{
    /// <summary>File name of the settings inside the data folder.</summary>
    public const string SettingsFileName = "settings.json";

    /// <summary>Prefix of the environment variables read as settings.</summary>
    public const string EnvironmentPrefix = "DOCENT_";

    /// <summary>The user-secrets id: <c>dotnet user-secrets set chat:apiKey … --id docent</c>.</summary>
    public const string UserSecretsId = "docent";

    private static readonly string[] SecretKeys = ["chat:apiKey", "embedding:apiKey"];

    /// <summary>
    /// Loads the settings for <paramref name="dataDirectory"/>. <paramref name="overrides"/> are command-line
    /// values by configuration key (e.g. "chat:model"); <paramref name="environment"/> defaults to the process
    /// environment and <paramref name="userSecretsPath"/> to the standard user-secrets location.
    /// </summary>
    /// <exception cref="InvalidDataException">settings.json is malformed or holds a secret.</exception>
    /// <exception cref="ArgumentException">A value has the wrong type or is out of range.</exception>
    public static LoadedSettings Load(
        string dataDirectory,
        IReadOnlyDictionary<string, string?>? overrides = null,
        IDictionary? environment = null,
        string? userSecretsPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var settingsPath = Path.Combine(Path.GetFullPath(dataDirectory), SettingsFileName);
        var fileValues = ReadSettingsFile(settingsPath);
        var secretsPath = userSecretsPath ?? PathHelper.GetSecretsPathFromSecretsId(UserSecretsId);
        var secretValues = ReadJsonFile(secretsPath);
        var environmentValues = ReadEnvironment(environment ?? Environment.GetEnvironmentVariables());
        var flagValues = overrides?.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase)
                         ?? new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

        var layers = new (string Name, IReadOnlyDictionary<string, string?> Values)[]
        {
            (SettingsFileName, fileValues), ("user-secrets", secretValues), ("environment", environmentValues), ("command line", flagValues),
        };
        var builder = new ConfigurationBuilder();
        foreach (var (_, values) in layers)
        {
            builder.AddInMemoryCollection(values);
        }

        foreach (var (name, values) in layers)
        {
            foreach (var (key, value) in values)
            {
                CheckValueType(key, value, name == SettingsFileName ? settingsPath : name);
            }
        }

        var configuration = builder.Build();
        var settings = new DocentSettings();
        try
        {
            configuration.Bind(settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException($"A setting has a value of the wrong type: {ex.Message}", ex);
        }

        ApplyOpenAIKeyFallback(settings, environment ?? Environment.GetEnvironmentVariables());
        settings.Validate();

        var sources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in layers)
        {
            foreach (var key in values.Keys)
            {
                sources[key] = name;
            }
        }

        return new LoadedSettings(settings, settingsPath, sources);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the setting, where it was set and the form it takes when
    /// <paramref name="value"/> cannot become the setting's number, true/false or named value — the check the
    /// configuration binder makes, with a message a user can act on. Keys that name no setting are left alone.
    /// </summary>
    private static void CheckValueType(string key, string? value, string layer)
    {
        var type = typeof(DocentSettings);
        var names = new List<string>();
        foreach (var part in key.Split(':'))
        {
            if (type.Namespace?.StartsWith(nameof(Docent), StringComparison.Ordinal) != true)
            {
                return; // inside a collection (e.g. a dictionary of headers): its keys are not properties
            }

            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return;
            }

            names.Add(JsonNamingPolicy.CamelCase.ConvertName(property.Name));
            type = property.PropertyType;
        }

        var nullable = Nullable.GetUnderlyingType(type);
        var target = nullable ?? type;
        var expected = ExpectedForm(target);
        if (expected is null || value is null || (nullable is not null && value.Length == 0))
        {
            return;
        }

        try
        {
            // The converter the configuration binder uses, so exactly the values it rejects are reported.
            TypeDescriptor.GetConverter(target).ConvertFromInvariantString(value);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            var where = layer switch
            {
                "environment" => $"in {EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}",
                "command line" => "on the command line",
                "user-secrets" => "in the user secrets",
                _ => $"in {layer}",
            };
            throw new ArgumentException($"{string.Join('.', names)} is \"{value}\" ({where}); it must be {expected}.", ex);
        }
    }

    /// <summary>How a setting of <paramref name="type"/> is written, for messages; null for types not checked here (text).</summary>
    private static string? ExpectedForm(Type type)
    {
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number, such as 0.5",
            _ => null,
        };
    }

    private static Dictionary<string, string?> ReadSettingsFile(string path)
    {
        var values = ReadJsonFile(path);
        var secret = values.Keys.FirstOrDefault(key => SecretKeys.Contains(key, StringComparer.OrdinalIgnoreCase));
        if (secret is not null)
        {
            throw new InvalidDataException(
                $"{path}: \"{secret}\" is a secret and is not read from settings.json. Set it in the environment " +
                $"({EnvironmentPrefix}{secret.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}) or with " +
                $"`dotnet user-secrets set {secret} VALUE --id {UserSecretsId}`, then remove it from the file.");
        }

        return values;
    }

    /// <summary>Flattens a JSON object file into configuration keys ("chat:model"); empty when the file does not exist.</summary>
    private static Dictionary<string, string?> ReadJsonFile(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: the settings must be one JSON object.");
            }

            Flatten(document.RootElement, "", values);
            return values;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({ex.Message}).", ex);
        }
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string?> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", values);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{index++}", values);
                }

                break;
            case JsonValueKind.Null:
                values[prefix] = null;
                break;
            case JsonValueKind.String:
                values[prefix] = element.GetString();
                break;
            default:
                values[prefix] = element.GetRawText();
                break;
        }
    }

    private static Dictionary<string, string?> ReadEnvironment(IDictionary environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)
                && name.Contains("__", StringComparison.Ordinal))
            {
                values[name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = entry.Value as string;
            }
        }

        return values;
    }

    private static void ApplyOpenAIKeyFallback(DocentSettings settings, IDictionary environment)
    {
        if (environment["OPENAI_API_KEY"] is not string key || string.IsNullOrWhiteSpace(key))
        {
            return;
        }

        // OPENAI_API_KEY is OpenAI's: it goes to OpenAI only, never to another server the user configured.
        if (IsOpenAI(settings.Chat.Endpoint))
        {
            settings.Chat.ApiKey ??= key;
        }

        if (settings.Embedding.Provider == Models.EmbeddingModelSettings.OpenAIProvider && IsOpenAI(settings.Embedding.Endpoint))
        {
            settings.Embedding.ApiKey ??= key;
        }
    }

    private static bool IsOpenAI(string? endpoint) =>
        endpoint is null || (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase));
}
