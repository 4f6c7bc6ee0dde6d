using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// Validates JSON lines against the envelope schema with ajv (draft 2020-12) in Node: the NuGet validators
/// do not restore, and a standard validator is the point. The test build restores ajv with <c>npm ci</c>.
/// </summary>
internal static class SchemaValidator
{
    public static string Directory { get; } = typeof(SchemaValidator).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SchemaValidatorDir").Value!;

    public static string EnvelopeSchema => Path.Combine(Directory, "log_envelope_v1.json");

    /// <summary>Returns ajv's report and whether every line was valid.</summary>
    public static (bool Valid, string Report) Validate(string schemaPath, string jsonLines)
    {
        using var folder = new TempFolder();
        var linesPath = folder.File("lines.jsonl");
        File.WriteAllText(linesPath, jsonLines);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("validate.js");
        start.ArgumentList.Add(schemaPath);
        start.ArgumentList.Add(linesPath);

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stderr = node.StandardError.ReadToEndAsync();
        string stdout = node.StandardOutput.ReadToEnd();

        // Generous: only a hang trips it.
        if (!node.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            node.Kill();
            throw new TimeoutException("node validate.js hung");
        }

        return (node.ExitCode == 0, stdout + stderr.Result);
    }
}
