using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;

namespace Fapilog.Serilog.Benchmarks.Compare.Network;

/// <summary>What the endpoint counted for one run (see <see cref="LoopbackEndpoint"/>).</summary>
internal readonly record struct EndpointStats(long Events, long WireBytes, long Requests, long ReachedAt, double CpuMs, long GzipRequests, long Malformed);

/// <summary>
/// The parent's handle on the <see cref="LoopbackEndpoint"/> child process: starts it (this same program, mode
/// <c>net-endpoint</c>), reads its port, resets and reads its counts, and ends it by closing its standard input.
/// </summary>
internal sealed class EndpointProcess : IDisposable
{
    private readonly Process _child;
    private readonly HttpClient _control = new() { Timeout = TimeSpan.FromMinutes(2) };

    private EndpointProcess(Process child, int port)
    {
        _child = child;
        BaseUrl = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public int ProcessId => _child.Id;

    public static EndpointProcess Start()
    {
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(EndpointProcess).Assembly.Location);
        }

        start.ArgumentList.Add("net-endpoint");
        var child = Process.Start(start)!;
        string? line = child.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("port ", StringComparison.Ordinal))
        {
            child.Kill();
            throw new InvalidOperationException("the endpoint process did not start: " + line);
        }

        return new EndpointProcess(child, int.Parse(line.AsSpan(5), CultureInfo.InvariantCulture));
    }

    /// <summary>Zeroes the counts (the run's end is when <paramref name="expected"/> events have been counted); returns the endpoint's CPU milliseconds so far.</summary>
    public double Reset(long expected)
    {
        using var answer = _control.PostAsync(BaseUrl + "/bench/reset?expected=" + expected.ToString(CultureInfo.InvariantCulture), null).GetAwaiter().GetResult();
        answer.EnsureSuccessStatusCode();
        return double.Parse(answer.Content.ReadAsStringAsync().GetAwaiter().GetResult(), CultureInfo.InvariantCulture);
    }

    /// <summary>The counts, after waiting up to <paramref name="wait"/> for the expected number of events.</summary>
    public EndpointStats Read(TimeSpan wait)
    {
        string text = _control.GetStringAsync(BaseUrl + "/bench/stats?waitMs=" + ((int)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
        var f = text.Split(' ');
        long L(int i) => long.Parse(f[i], CultureInfo.InvariantCulture);
        return new EndpointStats(L(0), L(1), L(2), L(3), double.Parse(f[4], CultureInfo.InvariantCulture), L(5), L(6));
    }

    public void Dispose()
    {
        _control.Dispose();
        try
        {
            _child.StandardInput.Close();
            if (!_child.WaitForExit(10_000))
            {
                _child.Kill();
            }
        }
        finally
        {
            _child.Dispose();
        }
    }
}
