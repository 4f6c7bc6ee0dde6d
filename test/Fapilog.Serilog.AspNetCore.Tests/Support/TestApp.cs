using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace Fapilog.Serilog.AspNetCore.Tests.Support;

/// <summary>The test web app (built beside the tests) as a child process, its standard output collected line by line.</summary>
internal sealed class TestApp : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    public TestApp(params string[] args)
    {
        string app = Path.Combine(AppContext.BaseDirectory, "Fapilog.Serilog.AspNetCore.TestApp.dll");
        Assert.True(File.Exists(app), "test app not built at " + app);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(app);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue("stderr: " + e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', _lines);

    /// <summary>Waits (bounded) for a line starting with <paramref name="prefix"/>; fails the test when none comes.</summary>
    public string WaitForLine(string prefix)
    {
        string? found = null;
        bool seen = SpinWait.SpinUntil(() => (found = _lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))) is not null, TimeSpan.FromSeconds(60));
        Assert.True(seen, $"no '{prefix}' line from the test app; it wrote:\n{Output}");
        return found!;
    }

    public void SendSigterm()
    {
        using var kill = Process.Start("kill", new[] { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) });
        Assert.True(kill.WaitForExit(60_000) && kill.ExitCode == 0, "kill -TERM failed");
    }

    public int WaitForExit()
    {
        Assert.True(_process.WaitForExit(60_000), "the test app did not exit; it wrote:\n" + Output);
        _process.WaitForExit(); // the output readers finish
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
