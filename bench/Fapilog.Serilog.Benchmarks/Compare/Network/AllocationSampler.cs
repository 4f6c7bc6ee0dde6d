using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;

namespace Fapilog.Serilog.Benchmarks.Compare.Network;

/// <summary>
/// Where the allocations go, by type, without a profiler: the runtime's own allocation sampling
/// (<c>GCAllocationTick</c>, one event about every 100 KB allocated, naming the type of the object that crossed the
/// mark), listened to in-process. Opt-in (<c>--alloc-types 1</c>): the listener allocates a little itself and its
/// events arrive on a thread of their own, late by a few milliseconds, so a run with it is a diagnostic, not a
/// measurement.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly object _sync = new();
    private Dictionary<string, long> _bytes = new();

    /// <summary>Starts a fresh tally and returns the previous one (bytes sampled per type name).</summary>
    public Dictionary<string, long> Take()
    {
        lock (_sync)
        {
            var taken = _bytes;
            _bytes = new Dictionary<string, long>();
            return taken;
        }
    }

    /// <summary>The largest types of a tally, with their share of what was sampled.</summary>
    public static IEnumerable<(string Type, double Share)> Top(Dictionary<string, long> tally, int count)
    {
        double total = Math.Max(1, tally.Values.Sum());
        return tally.OrderByDescending(t => t.Value).Take(count).Select(t => (t.Key, t.Value / total));
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        int type = eventData.PayloadNames.IndexOf("TypeName");
        int amount = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (type < 0 || amount < 0)
        {
            return;
        }

        string name = eventData.Payload![type] as string ?? "?";
        long bytes = Convert.ToInt64(eventData.Payload[amount], System.Globalization.CultureInfo.InvariantCulture);
        lock (_sync)
        {
            _bytes[name] = _bytes.GetValueOrDefault(name) + bytes;
        }
    }
}
