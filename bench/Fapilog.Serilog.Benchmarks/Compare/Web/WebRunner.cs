using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>One measured wrk run against one setup's server, with what its log files held afterwards.</summary>
internal sealed record WebRound(char Setup, int Round, WrkResult Wrk, ServerCpu Cpu, WebServerExit Exit, WebLogLines Lines)
{
    /// <summary>The server's CPU time during the measured run per request wrk completed, µs.</summary>
    public double ServerCpuUsPerRequest => Wrk.Requests > 0 ? Cpu.TotalMs * 1000 / Wrk.Requests : 0;

    /// <summary>What the server allocated during the measured run per request wrk completed, bytes.</summary>
    public double AllocatedBytesPerRequest => Wrk.Requests > 0 ? (double)Cpu.AllocatedBytes / Wrk.Requests : 0;

    /// <summary>The same, of the logging thread alone.</summary>
    public double LoggingCpuUsPerRequest => Wrk.Requests > 0 ? Cpu.LoggingMs * 1000 / Wrk.Requests : 0;

    /// <summary>Lines the API and the request logging owe for the requests the server answered, less those found.</summary>
    public long LostLines => Setup == 'n' ? 0 : Math.Max(0, (5 * Exit.Requests) - Lines.Api) + Math.Max(0, Exit.Requests - Lines.Completion);
}

/// <summary>
/// <c>compare-web</c>: requests/s and latency of a small JSON API under wrk on loopback, with no logging, with
/// Fapilog.Serilog.AspNetCore, and with Serilog.AspNetCore + Serilog.Sinks.Async + Serilog.Sinks.File. Each setup runs
/// in a fresh server process (<see cref="WebServer"/>) per round; rounds interleave the setups (n, f, s, n, f, s, …);
/// wrk warms each server up, then measures it. The server's log lines are counted once it has stopped.
/// </summary>
internal static class WebRunner
{
    public static int Run(string[] rest)
    {
        var args = WebArguments.Parse(rest);
        var common = args.Common;
        var setups = WebSetups.Letters.Where(c => common.Only.Length == 0 || common.Only.Contains(c, StringComparison.Ordinal)).ToArray();
        string wrk = Wrk.Ensure();
        string machine = MachineInfo.Describe();
        string wrkVersion = Wrk.Version(wrk);
        Console.WriteLine(machine);
        Console.WriteLine($"{wrkVersion}; -t{args.Threads} -c{args.Connections}, {args.WarmupSeconds} s warm-up + {args.DurationSeconds} s measured; {common.Rounds} rounds of {new string(setups)}; server GC {(args.ServerGc ? "on" : "off")}");

        var rounds = new List<WebRound>();
        try
        {
            for (int round = 1; round <= common.Rounds; round++)
            {
                foreach (char setup in setups)
                {
                    Console.Write($"  round {round} ({setup}) ... ");
                    var result = Measure(setup, round, wrk, args);
                    rounds.Add(result);
                    Console.WriteLine(FormattableString.Invariant(
                        $"{result.Wrk.RequestsPerSecond:N0} req/s, p50 {result.Wrk.P50Ms:0.00} ms, p99 {result.Wrk.P99Ms:0.00} ms, server {result.ServerCpuUsPerRequest:0.0} µs CPU/request (logging thread {result.LoggingCpuUsPerRequest:0.0}, JIT tier-up {result.Cpu.JitMs:0} ms), {result.AllocatedBytesPerRequest:N0} B allocated/request, GC {result.Cpu.Gen0}/{result.Cpu.Gen1}/{result.Cpu.Gen2} pause {result.Cpu.GcPauseMs:0} ms, {result.Lines.Total:N0} log lines for {result.Exit.Requests:N0} requests, lost {result.LostLines} {result.Exit.Stats}"));
                }
            }
        }
        finally
        {
            if (Directory.Exists(common.WorkDirectory))
            {
                Directory.Delete(common.WorkDirectory, recursive: true);
            }
        }

        string report = WebReport.Build(machine, wrkVersion, args, setups, rounds);
        Console.WriteLine();
        Console.WriteLine(report);
        common.SaveReport("compare-web", report);
        return 0;
    }

    private static WebRound Measure(char setup, int round, string wrk, WebArguments args)
    {
        string dir = Path.Combine(args.Common.WorkDirectory, $"web-{setup}-{round}");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        WrkResult measured;
        ServerCpu cpu;
        WebServerExit exit;
        using (var server = WebServerProcess.Start(setup, dir, args.ServerGc))
        {
            string url = server.BaseUrl + args.Path;
            if (args.WarmupSeconds > 0)
            {
                Wrk.Run(wrk, url, args.Threads, args.Connections, args.WarmupSeconds);
            }

            server.CpuSinceLastCall(); // the window starts here
            measured = Wrk.Run(wrk, url, args.Threads, args.Connections, args.DurationSeconds);
            cpu = server.CpuSinceLastCall();
            exit = server.Stop();
        }

        var lines = exit.Received ?? WebLogLines.Count(dir);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        return new WebRound(setup, round, measured, cpu, exit, lines);
    }
}
