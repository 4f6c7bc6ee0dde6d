using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Fapilog.Serilog.Enrichers;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Benchmarks.Micro;

/// <summary>
/// Each enricher's <c>Enrich</c> on a prebuilt workload event, as Serilog calls it on the logging thread.
/// To measure the real "property absent" path every time, each operation removes the properties the
/// enricher added (one dictionary remove each; the count is printed at setup) — that is included.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class EnricherBenchmarks
{
    private static readonly Dictionary<string, string> Pod = new()
    {
        ["POD_NAME"] = "orders-api-7d9c6b5f4-x2x7q",
        ["POD_NAMESPACE"] = "shop",
        ["NODE_NAME"] = "node-1",
        ["CONTAINER_NAME"] = "orders-api",
    };

    private readonly Dictionary<string, (ILogEventEnricher Enricher, string[] Added)> _enrichers = new();
    private LogEvent _event = null!;
    private IDisposable? _context;
    private Activity? _activity;
    private ILogEventEnricher _current = null!;
    private string[] _added = [];

    [Params("Context", "Runtime", "Kubernetes", "Thread", "Activity", "WithFapilog")]
    public string Enricher { get; set; } = "Context";

    [GlobalSetup]
    public void Setup()
    {
        _event = BenchEvents.Workload();
        _context = FapilogContext.BindIdentity(requestId: "req-1", userId: "user-7", tenantId: "acme", correlationId: "corr-42");
        _activity = new Activity("bench").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom()).Start();
        Func<string, string?> variables = name => Pod.TryGetValue(name, out var v) ? v : null;
        _current = Enricher switch
        {
            "Context" => new FapilogContextEnricher(),
            "Runtime" => FapilogEnrichers.Runtime("orders", "production", "1.2.3", variables, typeof(EnricherBenchmarks).Assembly),
            "Kubernetes" => FapilogEnrichers.Kubernetes(new KubernetesOptions(), variables)!,
            "Thread" => new ThreadEnricher(),
            "Activity" => new ActivityEnricher(includeBaggage: true),
            _ => new Composite(FapilogEnrichers.Create(new FapilogEnrichersOptions { IncludeThread = true, IncludeActivity = true }, variables, typeof(EnricherBenchmarks).Assembly)),
        };

        var probe = BenchEvents.Copy(_event);
        _current.Enrich(probe, null!);
        _added = probe.Properties.Keys.Except(_event.Properties.Keys).ToArray();
        Console.WriteLine($"// {Enricher}: adds {_added.Length} properties ({string.Join(", ", _added)})");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activity?.Stop();
        _context?.Dispose();
    }

    [Benchmark]
    public void Enrich()
    {
        _current.Enrich(_event, null!);
        foreach (var name in _added)
        {
            _event.RemovePropertyIfPresent(name);
        }
    }

    /// <summary>What <c>Enrich.WithFapilog()</c> registers: its enrichers in order.</summary>
    private sealed class Composite(ILogEventEnricher[] enrichers) : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            foreach (var enricher in enrichers)
            {
                enricher.Enrich(logEvent, propertyFactory);
            }
        }
    }
}
