using System.CommandLine;
using Docent.Access;

namespace Docent.Cli;

/// <summary>
/// `--as PRINCIPAL` for the commands that read documents (ask, chat, search, docs list): the CLI is the data folder's owner
/// and reads everything, unless it is asked to see the folder as a caller holding these principals would. Static.
/// </summary>
internal static class AccessOption
{
    /// <summary>A new `--as` option (repeatable).</summary>
    public static Option<string[]> Create() => new("--as")
    {
        Description = "Read as a caller holding this principal (e.g. group:hr; repeat for several): only documents without an access list or naming one of them are used. Without it, the data folder's owner reads every document.",
        HelpName = "PRINCIPAL",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The scope `--as` names: null (everything) when it is not given.</summary>
    /// <exception cref="ArgumentException">A principal is malformed (the message says how to write one).</exception>
    public static AccessScope? Read(ParseResult parse, Option<string[]> option)
    {
        var result = parse.GetResult(option);
        return result is null || result.Implicit ? null : AccessScope.For(parse.GetValue(option) ?? []);
    }
}
