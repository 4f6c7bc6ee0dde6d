using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime;

namespace Fapilog.Serilog.Benchmarks.Compare.Network;

/// <summary>One measured run of a network setup: the file runner's figures, plus what the endpoint saw.</summary>
/// <param name="Run">The file runner's figures; its <c>Lines</c> are the events the endpoint counted.</param>
/// <param name="Protocol"><c>seq</c>, <c>otlp</c> or <c>file</c>.</param>
/// <param name="Requests">Requests the endpoint counted.</param>
/// <param name="GzipRequests">Of those, requests with a gzipped body.</param>
/// <param name="WireBytesPerEvent">Request body bytes as the endpoint received them (compressed, if gzipped), per event counted.</param>
/// <param name="EndpointCpuSeconds">The endpoint process's CPU time during the run.</param>
/// <param name="CloseSeconds">From the last caller's last call to the close's return.</param>
/// <param name="CallerWindowCpu">CPU seconds per thread group (<see cref="ThreadCpu"/>) while the producers ran.</param>
internal sealed record NetRunResult(RunResult Run, string Protocol, double WireBytesPerEvent, long Requests, double EndpointCpuSeconds, double CloseSeconds, long GzipRequests, IReadOnlyDictionary<string, double> CallerWindowCpu)
{
    /// <summary>Bytes sampled per allocated type over the run (start to close), with <c>--alloc-types 1</c>; else null.</summary>
    public Dictionary<string, long>? AllocationTypes { get; init; }
}

/// <summary>
/// The network comparison (<c>compare-net</c>): Seq ingestion and OTLP/HTTP, each library's setup against the same
/// loopback endpoint (<see cref="LoopbackEndpoint"/>, one child process for the whole run), with our envelope file
/// pipeline beside them as the reference for the caller's cost. Interleaved rounds, medians, as <see cref="ComparisonRunner"/>.
/// </summary>
/// <remarks>
/// End-to-end is from the producers' release to the moment the endpoint counted the run's last event. The close
/// begins as soon as the last caller returns: both libraries then send what they hold at once, so the last partial
/// batch does not wait out a batching timer (whose defaults differ: 2 s for Serilog.Sinks.Seq, 1 s for ours; both are
/// set to <see cref="NetSettings.BatchTime"/> here anyway). For the file setup the end is the close's return, as in
/// the file comparison.
/// </remarks>
internal static class NetworkRunner
{
    /// <summary>
    /// The file runner's options (and its defaults: 1 000 000 events, a 200 000-event warm-up), plus
    /// <c>--alloc-types 1</c>: sample the allocations by type (<see cref="AllocationSampler"/>), a diagnostic run.
    /// </summary>
    public static (RunnerArguments Args, bool AllocationTypes) Arguments(string[] rest)
    {
        int at = Array.IndexOf(rest, "--alloc-types");
        bool sample = at >= 0 && at + 1 < rest.Length && rest[at + 1] == "1";
        return (RunnerArguments.Parse(at >= 0 ? [.. rest[..at], .. rest[Math.Min(rest.Length, at + 2)..]] : rest), sample);
    }

    public static int Run((RunnerArguments Args, bool AllocationTypes) options)
    {
        var args = options.Args;
        using var sampler = options.AllocationTypes ? new AllocationSampler() : null;
        var contenders = NetContenders.All.Where(c => args.Only.Length == 0 || args.Only.Contains(c.Letter, StringComparison.Ordinal)).ToList();
        int buffer = Math.Max(args.Events, args.WarmupEvents) + 10_000;
        var settings = new NetSettings(args.QueueLimit, buffer, BatchSize: 1_000, BatchTime: TimeSpan.FromSeconds(1));
        var machine = MachineInfo.Describe();
        Console.WriteLine(machine);
        Console.WriteLine($"GC: server={GCSettings.IsServerGC}, latency={GCSettings.LatencyMode}; events={args.Events:N0}, warm-up={args.WarmupEvents:N0}, rounds={args.Rounds}, queue={args.QueueLimit:N0}, output buffers={buffer:N0}");

        var results = new List<NetRunResult>();
        using (var endpoint = EndpointProcess.Start())
        {
            Console.WriteLine($"Endpoint: {endpoint.BaseUrl} (process {endpoint.ProcessId})");
            foreach (int producers in args.Producers)
            {
                for (int round = 1; round <= args.Rounds; round++)
                {
                    foreach (var definition in contenders)
                    {
                        Console.Write($"  {producers}p round {round} ({definition.Letter}) {definition.Label} ... ");
                        var result = Measure(definition, endpoint, settings, args, producers, warmUp: round == 1, sampler);
                        result = result with { Run = result.Run with { Round = round } };
                        results.Add(result);
                        Console.WriteLine($"{result.Run.EndToEndRate:N0} ev/s end-to-end, {result.Run.CallerRate:N0} ev/s caller, lost {result.Run.Lost}, {result.WireBytesPerEvent:N0} B/event on the wire");
                    }
                }
            }
        }

        RemoveIfEmpty(args.WorkDirectory);
        string report = NetReport.Render(machine, args, settings, results, sampler is not null);
        Console.WriteLine();
        Console.WriteLine(report);
        args.SaveReport("compare-net", report);
        return 0;
    }

    /// <summary>Each setup deletes its own folder; the run's folder goes too when nothing else is in it.</summary>
    private static void RemoveIfEmpty(string directory)
    {
        if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
        }
    }

    private static NetRunResult Measure(NetContenderDefinition definition, EndpointProcess endpoint, NetSettings settings, RunnerArguments args, int producers, bool warmUp, AllocationSampler? sampler)
    {
        bool network = definition.Protocol != "file";
        string dir = Path.Combine(args.WorkDirectory, "net-" + definition.Letter);
        if (warmUp && args.WarmupEvents > 0)
        {
            endpoint.Reset(args.WarmupEvents);
            using var warm = definition.Create(dir + "-warmup", endpoint.BaseUrl, settings);
            new Workload(warm, args.WarmupEvents, producers, measureLatency: false, args.Rate).Run();
            warm.Close();
        }

        using var contender = definition.Create(dir, endpoint.BaseUrl, settings);
        var workload = new Workload(contender, args.Events, producers, measureLatency: true, args.Rate);
        double endpointCpuBefore = endpoint.Reset(workload.Events);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pausedBefore = GC.GetTotalPauseDuration();
        var threadsBefore = ThreadCpu.Snapshot();
        sampler?.Take();
        long started = Stopwatch.GetTimestamp();

        workload.Run();
        long callersDone = Stopwatch.GetTimestamp();
        var callerWindowCpu = ThreadCpu.Between(threadsBefore, ThreadCpu.Snapshot());
        callerWindowCpu["producers"] = workload.ProducerCpuSeconds;
        contender.Close();
        long closed = Stopwatch.GetTimestamp();
        var allocationTypes = sampler?.Take();

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        gen0 = GC.CollectionCount(0) - gen0;
        gen1 = GC.CollectionCount(1) - gen1;
        gen2 = GC.CollectionCount(2) - gen2;
        double gcPause = (GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;

        // The endpoint has answered every request by the time the close returned; the wait is for a library whose
        // close does not wait for its sends (then the events it never sent are lost, and counted so).
        var stats = endpoint.Read(network ? TimeSpan.FromSeconds(5) : TimeSpan.Zero);
        long delivered = network ? stats.Events : contender.CountDelivered();
        long end = network && stats.ReachedAt > 0 ? stats.ReachedAt : closed;
        var latency = Percentiles.Of(workload.Latencies);
        long events = workload.Events;
        var run = new RunResult(
            definition.Letter, definition.Label, producers, events,
            Stopwatch.GetElapsedTime(started, callersDone).TotalSeconds,
            Stopwatch.GetElapsedTime(started, end).TotalSeconds,
            delivered, contender.ReportedDrops,
            latency.P50, latency.P99, latency.P999, latency.Max,
            (double)allocated / events, workload.SteadyBytesPerEvent, gen0, gen1, gen2, cpu)
        { GcPauseSeconds = gcPause, BytesPerLine = network ? 0 : (double)contender.CountBytes() / Math.Max(1, delivered) };
        return new NetRunResult(
            run, definition.Protocol,
            network && stats.Events > 0 ? (double)stats.WireBytes / stats.Events : 0,
            network ? stats.Requests : 0,
            network ? (stats.CpuMs - endpointCpuBefore) / 1000 : 0,
            Stopwatch.GetElapsedTime(callersDone, closed).TotalSeconds,
            stats.GzipRequests,
            callerWindowCpu)
        { AllocationTypes = allocationTypes };
    }
}
