using System;
using System.Buffers;
using System.Diagnostics;
using Fapilog.Serilog.Benchmarks.Compare;
using Fapilog.Serilog.Formatting;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Benchmarks.Tools;

/// <summary>
/// <c>realistic-alloc</c>: bytes each formatter allocates per realistic event on the calling thread
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/> around many calls, after a warm-up), for the plain and
/// the error event: where the writer's allocations per event come from, stage by stage.
/// </summary>
internal static class RealisticAllocations
{
    private const int Calls = 20_000;

    public static int Run()
    {
        var (plain, error) = Events();
        foreach (var (label, variant) in Variants())
        {
            Console.WriteLine($"envelope, {label}: {PerCall(new FapilogEnvelopeFormatter(), variant):N1} B/event");
        }

        foreach (var (name, formatter) in new (string, IUtf8EventFormatter)[]
        {
            ("envelope", new FapilogEnvelopeFormatter()),
            ("CLEF", new ClefFormatter()),
        })
        {
            Console.WriteLine($"{name}: plain {PerCall(formatter, plain):N1} B/event, error {PerCall(formatter, error):N1} B/event");
        }

        return 0;
    }

    private static double PerCall(IUtf8EventFormatter formatter, LogEvent logEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        var e = FapilogEvent.Standalone(logEvent);
        for (int i = 0; i < Calls; i++)
        {
            buffer.ResetWrittenCount();
            formatter.Format(in e, buffer);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            buffer.ResetWrittenCount();
            formatter.Format(in e, buffer);
        }

        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }

    /// <summary>The realistic event, plain and with the exception, built through a logger with the runtime enrichers, a bound context and an Activity.</summary>
    private static (LogEvent Plain, LogEvent Error) Events()
    {
        var capture = new Capture();
        using var logger = new LoggerConfiguration()
            .Enrich.WithFapilog(service: RealisticEvent.Service, environment: RealisticEvent.Environment, version: RealisticEvent.Version)
            .WriteTo.Sink(capture)
            .CreateLogger();
        using var activity = new Activity("probe").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom()).Start();
        using (FapilogContext.BindIdentity(requestId: "req-1-7f3a9c", userId: "user-1", tenantId: "tenant-0"))
        {
            var order = new Order(10_001, "cust-0", 20.99m, 2, "EUR");
            logger.Information(RealisticEvent.Template, "GET", "/api/orders", 200, 12.5, order, "10.0.0.7");
            logger.Error(RealisticEvent.Failure, RealisticEvent.Template, "GET", "/api/orders", 500, 13.5, order, "10.0.0.7");
        }

        return (capture.Events[0], capture.Events[1]);
    }

    private static System.Collections.Generic.IEnumerable<(string, LogEvent)> Variants()
    {
        var order = new Order(10_001, "cust-0", 20.99m, 2, "EUR");
        LogEvent One(bool enrich, bool activity, bool bind, Action<ILogger> log)
        {
            var capture = new Capture();
            var config = new LoggerConfiguration().WriteTo.Sink(capture);
            if (enrich)
            {
                config.Enrich.WithFapilog(service: RealisticEvent.Service, environment: RealisticEvent.Environment, version: RealisticEvent.Version);
            }

            using var logger = config.CreateLogger();
            using var a = activity ? new Activity("probe").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom()).Start() : null;
            using (bind ? FapilogContext.BindIdentity(requestId: "req-1-7f3a9c", userId: "user-1", tenantId: "tenant-0") : null)
            {
                log(logger);
            }

            return capture.Events[0];
        }

        yield return ("bare 3 props", One(false, false, false, l => l.Information("Order {OrderId} for {Customer} took {Elapsed} ms", 1, "c", 12.5)));
        yield return ("6 props no order", One(false, false, false, l => l.Information(RealisticEvent.Template, "GET", "/p", 200, 12.5, "x", "ip")));
        yield return ("6 props with order", One(false, false, false, l => l.Information(RealisticEvent.Template, "GET", "/p", 200, 12.5, order, "ip")));
        yield return ("+ activity", One(false, true, false, l => l.Information(RealisticEvent.Template, "GET", "/p", 200, 12.5, "x", "ip")));
        yield return ("+ runtime enrichers", One(true, false, false, l => l.Information(RealisticEvent.Template, "GET", "/p", 200, 12.5, "x", "ip")));
        yield return ("+ bound context", One(true, false, true, l => l.Information(RealisticEvent.Template, "GET", "/p", 200, 12.5, "x", "ip")));
    }

    private sealed class Capture : ILogEventSink
    {
        public System.Collections.Generic.List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
