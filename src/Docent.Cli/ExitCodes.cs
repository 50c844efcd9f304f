namespace Docent.Cli;

/// <summary>The process exit codes of `docent`, a public contract.</summary>
internal static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Success = 0;

    /// <summary>A usage error or a fatal error: nothing (more) was done.</summary>
    public const int Fatal = 1;

    /// <summary>Some inputs failed; the rest were processed.</summary>
    public const int PartialFailure = 2;
}
