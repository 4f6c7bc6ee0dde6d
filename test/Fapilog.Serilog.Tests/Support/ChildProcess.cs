using System;
using System.Diagnostics;
using System.IO;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>Runs the ProcessProbe program (built beside the tests) as a child process.</summary>
internal static class ChildProcess
{
    public static (int ExitCode, string StdErr) RunProbe(params string[] args)
    {
        using var process = StartProbe(args);
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the probe did not exit");
        return (process.ExitCode, stderr);
    }

    /// <summary>Starts the probe with standard output and error redirected; the caller reads and ends it.</summary>
    public static Process StartProbe(params string[] args)
    {
        string probe = Path.Combine(AppContext.BaseDirectory, "Fapilog.Serilog.ProcessProbe.dll");
        Assert.True(File.Exists(probe), "probe not built at " + probe);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(probe);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
