using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docent.Cli.Output;
using Docent.Hosting;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>`docent config show|set|unset`: the model and retrieval settings of a data folder, and where each comes from.</summary>
internal static class ConfigCommand
{
    private const string Layers = """
        Settings come from four layers, each overriding the one before:
          1. DATA/settings.json                      (docent config set KEY VALUE)
          2. the user-secrets file                   (dotnet user-secrets set chat:apiKey sk-… --id docent)
          3. environment variables DOCENT_<SECTION>__<KEY>, e.g. DOCENT_CHAT__MODEL; OPENAI_API_KEY for api.openai.com
          4. --set KEY=VALUE on any command
        API keys (chat.apiKey, embedding.apiKey) are secrets: only layers 2 and 3 may hold them, and they are never printed.
        """;

    public static Command Create(GlobalOptions global) => new("config", $"""
        Show or change model and retrieval settings. With nothing configured Docent is fully embedded: BM25 retrieval and extractive answers, no model, no network.

        {Layers}

        Examples:
          docent config set chat.endpoint http://localhost:11434/v1      # Ollama
          docent config set chat.model llama3.1:8b
          docent config set embedding.path ~/models/bge-small-en-v1.5    # a local ONNX folder
          docent config show
        """)
    {
        CreateShow(global),
        CreateSet(global),
        CreateUnset(global),
    };

    private static Command CreateShow(GlobalOptions global)
    {
        var command = new Command("show", "List every setting with its effective value and the layer it comes from (secrets masked).");
        command.SetAction((parse, _) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, () =>
            {
                var loaded = global.LoadSettings(parse);
                var rows = Describe(loaded);
                if (json)
                {
                    var settings = new JsonObject();
                    foreach (var (key, value, source) in rows)
                    {
                        settings[key] = new JsonObject { ["value"] = value, ["source"] = source };
                    }

                    CommandRunner.WriteJson(new ConfigShowJson(loaded.SettingsPath, settings), CliJson.Default.ConfigShowJson);
                }
                else
                {
                    var table = new Table().AddColumns("setting", "value", "from");
                    foreach (var (key, value, source) in rows)
                    {
                        table.AddRow(Markup.Escape(key), Markup.Escape(value ?? "(none)"), source == "default" ? "[grey]default[/]" : Markup.Escape(source));
                    }

                    AnsiConsole.Write(table);
                    AnsiConsole.MarkupLine($"[grey]settings file: {Markup.Escape(DisplayPath.Escape(loaded.SettingsPath))}[/]");
                }

                return Task.FromResult(ExitCodes.Success);
            });
        });
        return command;
    }

    private static Command CreateSet(GlobalOptions global)
    {
        var key = new Argument<string>("key") { Description = "The setting, e.g. chat.model (see `docent config show`)." };
        var value = new Argument<string>("value") { Description = "Its value; numbers and true/false are stored as such." };
        var command = new Command("set", "Write a setting to the data folder's settings.json (not for API keys).") { key, value };
        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, () => EditAsync(global, parse, parse.GetValue(key)!, parse.GetValue(value), json, cancellationToken));
        });
        return command;
    }

    private static Command CreateUnset(GlobalOptions global)
    {
        var key = new Argument<string>("key") { Description = "The setting to remove from settings.json, e.g. chat.model." };
        var command = new Command("unset", "Remove a setting from the data folder's settings.json (back to the default).") { key };
        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, () => EditAsync(global, parse, parse.GetValue(key)!, null, json, cancellationToken));
        });
        return command;
    }

    /// <summary>Sets or removes one key in settings.json, refusing unknown keys, secrets and values that do not validate.</summary>
    private static async Task<int> EditAsync(GlobalOptions global, ParseResult parse, string key, string? value, bool json, CancellationToken cancellationToken)
    {
        var known = Describe(global.LoadSettings(parse)).Select(r => r.Key).ToList();
        var canonical = known.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        if (canonical is null)
        {
            return CommandRunner.Fail(json, $"\"{key}\" is not a setting. Known settings: {string.Join(", ", known)}.");
        }

        if (canonical.EndsWith(".apiKey", StringComparison.Ordinal))
        {
            return CommandRunner.Fail(json, $"{canonical} is a secret and is not stored in settings.json. Use the environment " +
                                            $"(DOCENT_{canonical.Replace(".", "__", StringComparison.Ordinal).ToUpperInvariant()}) or " +
                                            $"`dotnet user-secrets set {GlobalOptions.ToConfigurationKey(canonical)} VALUE --id {DocentSettingsLoader.UserSecretsId}`.");
        }

        var directory = global.DataDirectory(parse);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(Path.GetFullPath(directory), DocentSettingsLoader.SettingsFileName);
        var root = File.Exists(path) ? JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken)) as JsonObject ?? [] : [];
        var parts = canonical.Split('.');
        var parent = root;
        foreach (var part in parts[..^1])
        {
            if (parent[part] is not JsonObject child)
            {
                parent[part] = child = [];
            }

            parent = child;
        }

        if (value is null)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = ToJsonValue(value);
        }

        // Write to a temporary file, check the result loads and validates, then replace the real one.
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        try
        {
            File.Move(path, path + ".bak", overwrite: true);
        }
        catch (FileNotFoundException)
        {
        }

        try
        {
            File.Move(temporary, path);
            global.LoadSettings(parse);
            File.Delete(path + ".bak");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException)
        {
            File.Delete(path);
            if (File.Exists(path + ".bak"))
            {
                File.Move(path + ".bak", path);
            }

            return CommandRunner.Fail(json, $"{canonical} was not changed: {ex.Message}");
        }

        if (json)
        {
            CommandRunner.WriteJson(new ConfigSetJson(path, canonical, value), CliJson.Default.ConfigSetJson);
        }
        else
        {
            Console.WriteLine(value is null ? $"Removed {canonical} from {DisplayPath.Escape(path)}." : $"Set {canonical} = {value} in {DisplayPath.Escape(path)}.");
        }

        return ExitCodes.Success;
    }

    private static JsonNode ToJsonValue(string value)
    {
        if (bool.TryParse(value, out var flag))
        {
            return JsonValue.Create(flag);
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    /// <summary>Every setting as (documented key, display value, source), secrets masked.</summary>
    private static List<(string Key, string? Value, string Source)> Describe(LoadedSettings loaded)
    {
        var rows = new List<(string, string?, string)>();
        foreach (var section in typeof(DocentSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var sectionName = JsonNamingPolicy.CamelCase.ConvertName(section.Name);
            var sectionValue = section.GetValue(loaded.Settings);
            if (section.PropertyType.IsClass && section.PropertyType != typeof(string))
            {
                foreach (var property in section.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                {
                    var key = $"{sectionName}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}";
                    rows.Add((key, Display(key, property.GetValue(sectionValue)), loaded.SourceOf(GlobalOptions.ToConfigurationKey(key))));
                }
            }
            else
            {
                rows.Add((sectionName, Display(sectionName, sectionValue), loaded.SourceOf(sectionName)));
            }
        }

        return rows;
    }

    private static string? Display(string key, object? value) => value switch
    {
        null => null,
        string secret when key.EndsWith(".apiKey", StringComparison.Ordinal) => secret.Length == 0 ? null : "(set, hidden)",
        Enum e => e.ToString().ToLowerInvariant(),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
