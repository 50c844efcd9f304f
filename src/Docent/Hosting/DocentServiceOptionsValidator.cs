using Microsoft.Extensions.Options;

namespace Docent.Hosting;

/// <summary>
/// Checks <see cref="DocentServiceOptions"/> when the application starts (<c>ValidateOnStart</c>) or first asks for them: each
/// problem is one sentence naming the option and what to do, and the folder's settings are loaded, so a bad settings.json or
/// override stops the start rather than the first question. Stateless; thread-safe.
/// </summary>
public sealed class DocentServiceOptionsValidator : IValidateOptions<DocentServiceOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DocentServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("DocentServiceOptions.DataDirectory is empty: set it to the data folder (e.g. \"./.docent\"), where `docent ingest` or IngestAsync stores documents.");
        }

        if (options.DefaultCollection is null || !DocentCollections.IsValidName(options.DefaultCollection))
        {
            failures.Add($"DocentServiceOptions.DefaultCollection \"{options.DefaultCollection}\" is not a collection name: use 1–64 lower-case letters, digits, '-' or '_' (\"default\" is the data folder itself).");
        }

        if (options.Top is < 1 or > 100)
        {
            failures.Add($"DocentServiceOptions.Top is {options.Top}; an answer draws on 1 to 100 passages.");
        }

        if (options.SearchTop is < 1 or > 50)
        {
            failures.Add($"DocentServiceOptions.SearchTop is {options.SearchTop}; search returns 1 to 50 passages.");
        }

        if (options.Settings is null)
        {
            failures.Add("DocentServiceOptions.Settings is null; leave it empty to use the folder's settings as they are.");
        }
        else if (failures.Count == 0)
        {
            try
            {
                options.ToDocentOptions(options.DataDirectory).Validate();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidDataException)
            {
                failures.Add($"The settings of {options.DataDirectory} (settings.json, user secrets, DOCENT_* variables and DocentServiceOptions.Settings) are not valid: {ex.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
