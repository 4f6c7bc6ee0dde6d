using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Fapilog.Serilog.Benchmarks.Tools;

/// <summary>Runs this same program again as a child process (through <c>dotnet &lt;dll&gt;</c> when started that way).</summary>
internal static class SelfProcess
{
    public static (int ExitCode, string Output) Run(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return (child.ExitCode, output);
    }
}
