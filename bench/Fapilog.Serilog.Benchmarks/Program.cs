using System.Linq;
using BenchmarkDotNet.Running;
using Fapilog.Serilog.Benchmarks.Compare;
using Fapilog.Serilog.Benchmarks.Compare.Network;
using Fapilog.Serilog.Benchmarks.Compare.PostgreSql;
using Fapilog.Serilog.Benchmarks.Compare.Syslog;
using Fapilog.Serilog.Benchmarks.Compare.Web;
using Fapilog.Serilog.Benchmarks.Tools;

namespace Fapilog.Serilog.Benchmarks;

/// <summary>
/// One exe, its modes: <c>compare</c> (the end-to-end table), <c>compare-net</c> (the network outputs against
/// Serilog.Sinks.Seq and Serilog.Sinks.OpenTelemetry, with its endpoint as the child mode <c>net-endpoint</c>),
/// <c>compare-pg</c> (the PostgreSQL output against a naive INSERT-per-event writer), <c>compare-syslog</c> (the syslog output into a real
/// rsyslogd against rsyslog tailing our file), <c>compare-web</c> (a JSON API
/// under wrk with no logging, Fapilog.Serilog.AspNetCore and Serilog.AspNetCore + Sinks.Async, each server in the child
/// mode <c>web-server</c>), <c>idle</c> (the writer parked), <c>caller</c>
/// (the caller's cost over a null sink in alternating rounds), <c>sampling</c> (the writer's cost of a typical sampling configuration),
/// <c>burst</c> (memory under a Drop-mode burst, each size in a fresh child process), <c>lines</c> (the workload's line in each format), <c>realistic-lines</c> (the realistic workload in every file setup, checked), <c>audit</c> (the audit trail with and without its chain, flushToDisk off and on), and anything else is
/// handed to BenchmarkDotNet (<c>--filter *Caller*</c>, <c>--job short</c>, ...).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : string.Empty;
        var rest = args.Skip(1).ToArray();
        return mode switch
        {
            "compare" => ComparisonRunner.Run(RunnerArguments.Parse(rest)),
            "compare-net" => NetworkRunner.Run(NetworkRunner.Arguments(rest)),
            "compare-pg" => PgRunner.Run(RunnerArguments.Parse(rest)),
            "compare-syslog" => SyslogRunner.Run(RunnerArguments.Parse(rest, defaultRounds: 5)),
            "net-endpoint" => LoopbackEndpoint.Run(),
            "compare-web" => WebRunner.Run(rest),
            "web-server" => WebServer.Run(rest),
            "idle" => IdleProbe.Run(rest),
            "burst" => BurstProbe.Run(RunnerArguments.Parse(rest)),
            "burst-child" => BurstProbe.RunChild(rest),
            "lines" => SampleLines.Run(),
            "realistic-lines" => RealisticLines.Run(rest),
            "realistic-alloc" => RealisticAllocations.Run(),
            "caller" => CallerLoop.Run(rest),
            "audit" => AuditTrailBench.Run(rest),
            "sampling" => SamplingCost.Run(rest),
            "redaction" => RedactionProbe.Run(rest),
            _ => RunBenchmarks(args),
        };
    }

    private static int RunBenchmarks(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
