using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Fapilog.Serilog.Benchmarks.Compare;

namespace Fapilog.Serilog.Benchmarks.Tools;

/// <summary>
/// <c>realistic-lines</c>: every file contender of <c>compare</c> logs the realistic workload (2 000 events, one
/// producer, so two carry the exception); prints each one's bytes per line, its first line and its first error
/// line, checks that every line carries every piece of information, and validates the envelope file against
/// the schema with the tests' ajv validator (test/Fapilog.Serilog.Tests/Schema, after <c>npm ci</c> there).
/// </summary>
internal static partial class RealisticLines
{
    private const int Events = 2_000;

    public static int Run(string[] args)
    {
        string work = Path.Combine(Path.GetTempPath(), "fapilog-realistic-lines-" + Environment.ProcessId);
        string? keep = args.Length >= 2 && args[0] == "--keep" ? Path.GetFullPath(args[1]) : null;
        int failures = 0;
        foreach (var definition in Contenders.All.Where(c => c.Letter is not ("a" or "g")))
        {
            string dir = Path.Combine(work, definition.Letter);
            using var contender = definition.Create(dir, 10_000, WorkloadKind.Realistic);
            new Workload(contender, Events, producers: 1, measureLatency: false, kind: WorkloadKind.Realistic).Run();
            contender.Close();
            string file = Directory.EnumerateFiles(dir).Single();
            var lines = File.ReadAllLines(file);
            double perLine = (double)new FileInfo(file).Length / lines.Length;
            var missing = Missing(lines);
            Console.WriteLine($"({definition.Letter}) {definition.Label}: {lines.Length} lines (lost {Events - lines.Length}), {perLine:N0} B/line, {lines.Count(IsError)} error lines; missing: {(missing.Count == 0 ? "nothing" : string.Join("; ", missing))}");
            Console.WriteLine("  first: " + lines[0]);
            Console.WriteLine("  error: " + (lines.FirstOrDefault(IsError) ?? "(none)"));
            failures += missing.Count + (lines.Length == Events ? 0 : 1);
            if (definition.Letter == "e")
            {
                failures += Validate(file) ? 0 : 1;
            }

            if (keep is not null)
            {
                Directory.CreateDirectory(keep);
                File.Copy(file, Path.Combine(keep, definition.Letter + "-" + Path.GetFileName(file)), overwrite: true);
            }
        }

        Console.WriteLine(failures == 0 ? "every line of every setup carries everything" : $"{failures} problem(s)");
        return failures == 0 ? 0 : 1;
    }

    private static bool IsError(string line) => line.Contains("could not be loaded", StringComparison.Ordinal);

    /// <summary>What some line lacks: each fixed value must be in every line, the stack trace in every error line.</summary>
    private static List<string> Missing(string[] lines)
    {
        string[] everywhere =
        [
            RealisticEvent.Service, RealisticEvent.Environment, RealisticEvent.Version, RealisticEvent.MachineName, RealisticEvent.Runtime,
            RealisticEvent.ProcessId.ToString(CultureInfo.InvariantCulture), "req-", "user-", "tenant-0", "GET", "/api/orders", "10.0.0.7",
            "cust-0", "EUR", "Items", "Total", "Currency", "Customer",
        ];
        var missing = new List<string>();
        foreach (string value in everywhere)
        {
            int lacking = lines.Count(l => !l.Contains(value, StringComparison.Ordinal));
            if (lacking > 0)
            {
                missing.Add($"'{value}' in {lacking} line(s)");
            }
        }

        int noTrace = lines.Count(l => !TraceId().IsMatch(l) || !SpanId().IsMatch(l));
        if (noTrace > 0)
        {
            missing.Add($"trace/span id in {noTrace} line(s)");
        }

        int noStack = lines.Where(IsError).Count(l => !l.Contains("OrderRepository", StringComparison.Ordinal) || !l.Contains("500", StringComparison.Ordinal));
        if (noStack > 0 || lines.Count(IsError) != Events / RealisticEvent.ErrorEvery)
        {
            missing.Add($"stack trace or status in {noStack} error line(s), {lines.Count(IsError)} error lines");
        }

        return missing;
    }

    private static bool Validate(string file)
    {
        string? schemaDir = FindSchemaDirectory();
        if (schemaDir is null || !Directory.Exists(Path.Combine(schemaDir, "node_modules", "ajv")))
        {
            Console.WriteLine("  schema: not validated (run `npm ci` in test/Fapilog.Serilog.Tests/Schema first)");
            return false;
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = schemaDir, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("validate.js");
        start.ArgumentList.Add(Path.Combine(schemaDir, "log_envelope_v1.json"));
        start.ArgumentList.Add(file);
        using var node = Process.Start(start)!;
        string output = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        Console.WriteLine("  schema (ajv, log_envelope_v1.json): " + output.Trim().Split('\n').Last());
        return node.ExitCode == 0;
    }

    private static string? FindSchemaDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "test", "Fapilog.Serilog.Tests", "Schema");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [GeneratedRegex("[0-9a-f]{32}")]
    private static partial Regex TraceId();

    [GeneratedRegex("[0-9a-f]{16}")]
    private static partial Regex SpanId();
}
