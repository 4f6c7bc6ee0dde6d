using System;

namespace Fapilog.Serilog.Outputs;

/// <summary>What the console output needs to know about standard output; tests pass their own.</summary>
/// <param name="IsTerminal">Standard output is a terminal (not redirected to a file or pipe).</param>
/// <param name="NoColor">The user asked for no colour (<c>NO_COLOR</c> set and not empty, see no-color.org).</param>
internal readonly record struct ConsoleTarget(bool IsTerminal, bool NoColor)
{
    public static ConsoleTarget Detect()
        => new(!Console.IsOutputRedirected, !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    public bool UsePretty(FapilogConsoleFormat format) => format switch
    {
        FapilogConsoleFormat.Pretty => true,
        FapilogConsoleFormat.Json => false,
        _ => IsTerminal,
    };

    /// <summary>ANSI colours only reach a terminal, and only when the user has not opted out.</summary>
    public bool UseColour => IsTerminal && !NoColor;
}
