using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Docent.Answering.Generative;

/// <summary>
/// The prompt of <see cref="LlmAnswerGenerator"/> as three template files: <c>system.txt</c> (the system
/// message), <c>examples.txt</c> (few-shot turns, optional) and <c>user.txt</c> (the last user message, which
/// holds the sources and the question). Defaults are embedded in the engine (source:
/// src/Docent/Answering/Prompts/); <see cref="Load"/> takes any of the three from a folder instead (a data
/// folder's <c>prompts/</c>), file by file. Placeholders, replaced in one pass (a value is never re-scanned):
/// {{question}}, {{sources}} (the numbered passages, each fenced as untrusted data by <see cref="SourceFence"/>), {{source_count}}, {{not_found}}
/// (<see cref="Answer.NotFoundText"/>), {{date}} (yyyy-MM-dd, local), {{max_sentences}}
/// (<see cref="AnswerOptions.MaxSentences"/>). user.txt must hold {{question}}, and system.txt or user.txt
/// {{sources}}; examples.txt may not use either. In examples.txt a line that is only <c>&lt;&lt;user&gt;&gt;</c>,
/// <c>&lt;&lt;assistant&gt;&gt;</c> or <c>&lt;&lt;system&gt;&gt;</c> starts a turn; the turn's text runs to the
/// next such line, trimmed. An empty examples.txt means no examples. Immutable; thread-safe.
/// </summary>
public sealed partial class PromptTemplates
{
    /// <summary>The folder of a data folder that overrides the default templates.</summary>
    public const string FolderName = "prompts";

    /// <summary>File name of the system message template.</summary>
    public const string SystemFileName = "system.txt";

    /// <summary>File name of the user message template.</summary>
    public const string UserFileName = "user.txt";

    /// <summary>File name of the few-shot turns.</summary>
    public const string ExamplesFileName = "examples.txt";

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "question", "sources", "source_count", "not_found", "date", "max_sentences",
    };

    private static readonly Lazy<PromptTemplates> Defaults = new(() => new PromptTemplates(
        ReadResource(SystemFileName),
        ReadResource(UserFileName),
        ParseExamples(ReadResource(ExamplesFileName), ExamplesFileName + " (default)"),
        "(default)"));

    /// <summary>Templates from text; throws <see cref="InvalidDataException"/> when one is malformed.</summary>
    public PromptTemplates(string system, string user, IReadOnlyList<PromptTurn>? examples = null)
        : this(system, user, examples ?? [], string.Empty)
    {
    }

    private PromptTemplates(string system, string user, IReadOnlyList<PromptTurn> examples, string origin)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(user);
        System = Clean(system);
        User = Clean(user);
        Examples = [.. examples];
        var systemUses = Validate(System, Name(SystemFileName, origin));
        var userUses = Validate(User, Name(UserFileName, origin));
        if (!userUses.Contains("question"))
        {
            throw new InvalidDataException($"{Name(UserFileName, origin)}: the user template must contain {{{{question}}}}.");
        }

        if (!userUses.Contains("sources") && !systemUses.Contains("sources"))
        {
            throw new InvalidDataException($"{Name(UserFileName, origin)}: the system or user template must contain {{{{sources}}}}.");
        }

        foreach (var turn in Examples)
        {
            var uses = Validate(turn.Text, Name(ExamplesFileName, origin));
            if (uses.Contains("question") || uses.Contains("sources"))
            {
                throw new InvalidDataException($"{Name(ExamplesFileName, origin)}: examples cannot use {{{{question}}}} or {{{{sources}}}}; write the example's own.");
            }
        }
    }

    /// <summary>The embedded default templates.</summary>
    public static PromptTemplates Default => Defaults.Value;

    /// <summary>The system message template.</summary>
    public string System { get; }

    /// <summary>The user message template.</summary>
    public string User { get; }

    /// <summary>Few-shot turns placed between the system message and the user message.</summary>
    public IReadOnlyList<PromptTurn> Examples { get; }

    /// <summary>
    /// The defaults, with each of system.txt, user.txt and examples.txt that exists in
    /// <paramref name="overrideDirectory"/> used instead (null or a missing folder: the defaults).
    /// </summary>
    public static PromptTemplates Load(string? overrideDirectory)
    {
        if (string.IsNullOrEmpty(overrideDirectory) || !Directory.Exists(overrideDirectory))
        {
            return Default;
        }

        var systemPath = Path.Combine(overrideDirectory, SystemFileName);
        var userPath = Path.Combine(overrideDirectory, UserFileName);
        var examplesPath = Path.Combine(overrideDirectory, ExamplesFileName);
        if (!File.Exists(systemPath) && !File.Exists(userPath) && !File.Exists(examplesPath))
        {
            return Default;
        }

        var defaults = Default;
        var examples = File.Exists(examplesPath) ? ParseExamples(File.ReadAllText(examplesPath), examplesPath) : defaults.Examples;
        return new PromptTemplates(
            File.Exists(systemPath) ? File.ReadAllText(systemPath) : defaults.System,
            File.Exists(userPath) ? File.ReadAllText(userPath) : defaults.User,
            examples,
            overrideDirectory);
    }

    /// <summary>Parses few-shot turns written with &lt;&lt;user&gt;&gt; / &lt;&lt;assistant&gt;&gt; / &lt;&lt;system&gt;&gt; lines.</summary>
    public static IReadOnlyList<PromptTurn> ParseExamples(string text) => ParseExamples(text, ExamplesFileName);

    /// <summary>
    /// The chat messages: system, the examples, then user, with <paramref name="values"/> (placeholder name →
    /// value) filled in.
    /// </summary>
    internal List<ChatMessage> Render(IReadOnlyDictionary<string, string> values)
    {
        var messages = new List<ChatMessage>(Examples.Count + 2);
        if (System.Length > 0)
        {
            messages.Add(new ChatMessage(ChatRole.System, Fill(System, values)));
        }

        messages.AddRange(Examples.Select(turn => new ChatMessage(turn.Role, Fill(turn.Text, values))));
        messages.Add(new ChatMessage(ChatRole.User, Fill(User, values)));
        return messages;
    }

    private static IReadOnlyList<PromptTurn> ParseExamples(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        var turns = new List<PromptTurn>();
        ChatRole? role = null;
        var body = new StringBuilder();
        var lineNumber = 0;
        foreach (var line in Clean(text).Split('\n'))
        {
            lineNumber++;
            var trimmed = line.Trim();
            ChatRole? next = trimmed.ToLowerInvariant() switch
            {
                "<<user>>" => ChatRole.User,
                "<<assistant>>" => ChatRole.Assistant,
                "<<system>>" => ChatRole.System,
                _ => null,
            };
            if (next is null)
            {
                if (role is null && trimmed.Length > 0)
                {
                    throw new InvalidDataException($"{name}, line {lineNumber}: text before the first <<user>>, <<assistant>> or <<system>> line.");
                }

                body.Append(line).Append('\n');
                continue;
            }

            if (role is { } current)
            {
                turns.Add(Turn(current, body, name, lineNumber));
            }

            role = next;
            body.Clear();
        }

        if (role is { } last)
        {
            turns.Add(Turn(last, body, name, lineNumber));
        }

        return turns;
    }

    private static PromptTurn Turn(ChatRole role, StringBuilder body, string name, int lineNumber)
    {
        var text = body.ToString().Trim();
        return text.Length == 0
            ? throw new InvalidDataException($"{name}, before line {lineNumber}: an empty {role} turn.")
            : new PromptTurn(role, text);
    }

    /// <summary>The placeholders <paramref name="template"/> uses; throws on an unknown one.</summary>
    private static HashSet<string> Validate(string template, string name)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Placeholder().Matches(template))
        {
            var key = match.Groups[1].Value;
            if (!Known.Contains(key))
            {
                throw new InvalidDataException(
                    $"{name}: unknown placeholder {match.Value}; known: {string.Join(", ", Known.Order().Select(k => "{{" + k + "}}"))}.");
            }

            used.Add(key);
        }

        return used;
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, match => values.TryGetValue(match.Groups[1].Value, out var value) ? value : match.Value);

    /// <summary>Unix line ends, no trailing whitespace at the ends.</summary>
    private static string Clean(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string Name(string file, string origin) =>
        origin.Length == 0 ? file : origin == "(default)" ? file + " (default)" : Path.Combine(origin, file);

    private static string ReadResource(string file)
    {
        var resource = "Docent.Answering.Prompts." + file;
        using var stream = typeof(PromptTemplates).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The engine assembly lacks the embedded resource {resource}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z_]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
