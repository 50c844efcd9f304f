using System.CommandLine;
using System.CommandLine.Parsing;

namespace Docent.Cli;

/// <summary>
/// The question of `ask` and the query of `search`: one or more words, so <c>docent ask how many lines</c> works
/// without quotes; the words are joined with spaces. A word that looks like an option (<c>--tpo</c>) is refused rather
/// than searched for, unless it follows <c>--</c>. Static; thread-safe.
/// </summary>
internal static class FreeTextArgument
{
    public static Argument<string[]> Create(string name, string description) => new(name)
    {
        Description = description + " Quotes are optional.",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>The words joined; throws an <see cref="ArgumentException"/> naming the problem when they are empty or hold an unknown option.</summary>
    public static string Read(ParseResult parse, Argument<string[]> argument)
    {
        var words = parse.GetValue(argument) ?? [];
        var command = "docent " + parse.CommandResult.Command.Name;
        if (!parse.Tokens.Any(t => t.Type == TokenType.DoubleDash) && words.FirstOrDefault(LooksLikeOption) is { } option)
        {
            throw new ArgumentException(
                $"{command} has no option {option}. See `{command} --help`; to include \"{option}\" in the {argument.Name}, put -- before it: {command} -- … {option}");
        }

        var text = string.Join(' ', words).Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException($"The {argument.Name} is empty: {command} \"your {argument.Name}\".");
        }

        return text;
    }

    private static bool LooksLikeOption(string word) =>
        word.Length > 1 && word[0] == '-' && (char.IsLetter(word[1]) || (word[1] == '-' && word.Length > 2 && char.IsLetter(word[2])));
}
