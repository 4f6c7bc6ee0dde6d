using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>What the server said as it stopped: order requests answered, Fapilog's counts, a null sink's counts.</summary>
internal readonly record struct WebServerExit(long Requests, string Stats, WebLogLines? Received);

/// <summary>
/// The parent's handle on one <see cref="WebServer"/> child (this same program, mode <c>web-server</c>): starts it on
/// a free loopback port, reads its CPU time, and stops it by closing its standard input, then reads what it printed.
/// </summary>
internal sealed class WebServerProcess : IDisposable
{
    private readonly Process _child;
    private readonly HttpClient _control = new() { Timeout = TimeSpan.FromSeconds(30) };

    private WebServerProcess(Process child, int port)
    {
        _child = child;
        BaseUrl = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string BaseUrl { get; }

    /// <param name="setup">The setup letter (<see cref="WebSetups.Letters"/>).</param>
    /// <param name="logDirectory">Where the setup writes its log file.</param>
    /// <param name="serverGc">Server GC in the child (ASP.NET Core's default for web projects), else workstation.</param>
    public static WebServerProcess Start(char setup, string logDirectory, bool serverGc)
    {
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(WebServerProcess).Assembly.Location);
        }

        start.ArgumentList.Add("web-server");
        start.ArgumentList.Add(setup.ToString());
        start.ArgumentList.Add("0");
        start.ArgumentList.Add(logDirectory);
        start.Environment["DOTNET_gcServer"] = serverGc ? "1" : "0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var child = Process.Start(start)!;
        string? line = child.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("port ", StringComparison.Ordinal))
        {
            child.Kill();
            child.Dispose();
            throw new InvalidOperationException($"the web server ({setup}) did not start: {line}");
        }

        return new WebServerProcess(child, int.Parse(line.AsSpan(5), CultureInfo.InvariantCulture));
    }

    /// <summary>The server's CPU milliseconds since the previous call: the process's, its logging thread's, the JIT tier-up's.</summary>
    public ServerCpu CpuSinceLastCall() => ServerCpu.Parse(_control.GetStringAsync(BaseUrl + "/bench/cpu").GetAwaiter().GetResult());

    /// <summary>Closes the server's input; it stops its host (the logging setup drains) and prints its counts.</summary>
    public WebServerExit Stop()
    {
        _child.StandardInput.Close();
        string rest = _child.StandardOutput.ReadToEnd();
        if (!_child.WaitForExit(60_000))
        {
            throw new InvalidOperationException("the web server did not exit within 60 s of its input closing");
        }

        if (_child.ExitCode != 0)
        {
            throw new InvalidOperationException($"the web server exited with {_child.ExitCode}:\n{rest}");
        }

        long requests = -1;
        string stats = string.Empty;
        WebLogLines? received = null;
        foreach (string line in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("requests ", StringComparison.Ordinal))
            {
                requests = long.Parse(line.AsSpan(9), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("received ", StringComparison.Ordinal))
            {
                long[] n = [.. line[9..].Split(' ').Select(x => long.Parse(x, CultureInfo.InvariantCulture))];
                received = new WebLogLines(n[0], n[1], n[2], Bytes: 0);
            }
            else if (line.StartsWith("stats ", StringComparison.Ordinal))
            {
                stats = line[6..];
            }
        }

        return new WebServerExit(requests, stats, received);
    }

    public void Dispose()
    {
        _control.Dispose();
        try
        {
            if (!_child.HasExited)
            {
                _child.Kill();
                _child.WaitForExit(10_000);
            }
        }
        finally
        {
            _child.Dispose();
        }
    }
}
