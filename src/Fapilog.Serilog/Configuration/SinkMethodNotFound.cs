using System;
using System.Linq;

namespace Fapilog.Serilog;

/// <summary>
/// Turns Serilog.Settings.Configuration's report of a sink entry it skipped, written to <c>SelfLog</c> while the
/// configure action of <c>WriteTo.Fapilog</c> ran, into the error that entry deserves.
/// </summary>
/// <remarks>
/// The report reads <c>Unable to find a method called {name}. Candidate methods are:</c> followed by one method
/// per line (no method has that name), or <c>... called {name} for supplied arguments: {names}. Candidate methods
/// are:</c> followed by <c>{name}({parameters})</c> lines (no overload takes those arguments). Only the opening
/// words are relied on: when the rest reads otherwise, the error quotes the report as it is.
/// </remarks>
internal static class SinkMethodNotFound
{
    private const string Marker = "Unable to find a method called ";
    private const string Candidates = ". Candidate methods are:";
    private const string SuppliedArguments = " for supplied arguments: ";
    private const string NoArguments = " with no supplied arguments";

    /// <summary>The error for a <c>SelfLog</c> line that reports a skipped entry, or <see langword="null"/> for any other line.</summary>
    public static ArgumentException? FromSelfLog(string line)
    {
        int at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        string[] lines = line[(at + Marker.Length)..].Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        string head = lines[0];
        string[] candidates = lines.Skip(1).Where(l => l.Length > 0).ToArray();

        int supplied = head.IndexOf(SuppliedArguments, StringComparison.Ordinal);
        int none = head.IndexOf(NoArguments, StringComparison.Ordinal);
        if (supplied > 0 || none > 0)
        {
            string name = head[..(supplied > 0 ? supplied : none)];
            string arguments = supplied > 0 ? Before(head[(supplied + SuppliedArguments.Length)..], Candidates) : "none";
            return Error($"has the value '{name}' with the arguments {arguments}, which no {name} method takes", string.Join("; ", candidates));
        }

        int end = head.IndexOf(". ", StringComparison.Ordinal);
        if (end > 0)
        {
            var names = candidates.Select(MethodName).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            return Error(
                $"has the value '{head[..end]}', a sink that was not found",
                names.Length > 0 ? string.Join(", ", names) : "the sinks of the assemblies Serilog.Settings.Configuration scans (it found none)");
        }

        return Error($"has an entry Serilog.Settings.Configuration skipped ({line.Trim()})", "entries it can apply");
    }

    private static ArgumentException Error(string what, string valid) =>
        OptionNaming.Error($"{OptionNaming.PipelineArguments.Subject("Configure")} {what}; valid values are {valid}.", "configure");

    private static string Before(string text, string marker)
    {
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        return at >= 0 ? text[..at] : text;
    }

    // "Serilog.LoggerConfiguration File(Serilog.Configuration.LoggerSinkConfiguration, System.String, ...)" -> "File".
    private static string MethodName(string candidate)
    {
        int open = candidate.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return string.Empty;
        }

        int space = candidate.LastIndexOf(' ', open);
        return candidate[(space + 1)..open];
    }
}
