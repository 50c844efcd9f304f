using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Docent.Cli.Output;

namespace Docent.Cli;

/// <summary>
/// Turns what System.CommandLine could not parse into one line a user can act on: the option, the value and the form it
/// takes (<c>--top: "abc" is not a whole number.</c>), a missing value or argument, or a word that is no command or
/// option — each ending with the help to read. Static; thread-safe.
/// </summary>
internal static class ParseErrorMessage
{
    /// <summary>The line for the first problem in <paramref name="parse"/> (which has errors).</summary>
    public static string Describe(ParseResult parse)
    {
        var command = CommandPath(parse.CommandResult);
        return $"{Problem(parse, command)} See `{command} --help`.";
    }

    private static string Problem(ParseResult parse, string command)
    {
        if (parse.UnmatchedTokens.Count > 0)
        {
            var word = DisplayPath.Escape(parse.UnmatchedTokens[0]);
            return word.StartsWith('-')
                ? $"{command} has no option {word}."
                : parse.CommandResult.Command.Subcommands.Count > 0 && parse.CommandResult.Command.Arguments.Count == 0
                    ? $"'{word}' is not a command of {command}."
                    : $"{command} takes no argument '{word}'.";
        }

        var error = parse.Errors[0];
        var result = error.SymbolResult;
        if (result is ArgumentResult { Parent: OptionResult parent })
        {
            result = parent;
        }

        switch (result)
        {
            case OptionResult option:
                return OptionProblem(option, error);
            case CommandResult { Command: { Subcommands.Count: > 0, Action: null } parentCommand }:
                return $"{command} needs a command: {string.Join(", ", parentCommand.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}.";
            case ArgumentResult argument when argument.Tokens.Count == 0:
                return $"{command} needs <{argument.Argument.Name}> (usage: {command} <{argument.Argument.Name}> [options]).";
            default:
                return OneLine(error.Message);
        }
    }

    /// <summary>A missing value, or a value that is not of the option's form.</summary>
    private static string OptionProblem(OptionResult option, ParseError error)
    {
        var name = option.IdentifierToken?.Value is { } typed && typed != option.Option.Name ? $"{typed} ({option.Option.Name})" : option.Option.Name;
        var expected = ExpectedForm(option.Option.ValueType);
        if (option.Tokens.Count == 0)
        {
            return expected is null ? $"{name} needs a value." : $"{name} needs a value: {expected}.";
        }

        var value = option.Tokens[0].Value;
        return expected is not null && !Parses(option.Option.ValueType, value)
            ? $"{name}: \"{DisplayPath.Escape(value)}\" is not {expected}."
            : OneLine(error.Message);
    }

    /// <summary>"docent docs remove": the command's path from the root.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is CommandResult c; current = c.Parent)
        {
            names.Add(c.Parent is null ? "docent" : c.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>How a value of <paramref name="type"/> is written; null for text and paths (anything parses).</summary>
    private static string? ExpectedForm(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(target).Select(n => n.ToLowerInvariant()));
        }

        return Type.GetTypeCode(target) switch
        {
            TypeCode.Boolean => "true or false",
            TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.Byte => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            _ => null,
        };
    }

    private static bool Parses(Type type, string value)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
        {
            return Enum.TryParse(target, value, ignoreCase: true, out _);
        }

        return Type.GetTypeCode(target) switch
        {
            TypeCode.Boolean => bool.TryParse(value, out _),
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            _ => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        };
    }

    /// <summary>System.CommandLine's own message, on one line.</summary>
    private static string OneLine(string message) => DisplayPath.Escape(string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
}
