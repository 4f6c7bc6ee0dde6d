using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// Publishes every live remote output's figures under the meter <c>Fapilog.Serilog</c> (the pipeline's meter name),
/// tagged with <c>output</c> (and <c>reason</c> for losses): observable instruments read at collection time, so they
/// cost delivery nothing.
/// </summary>
/// <remarks>A meter instance of its own with the same name: listeners subscribe by name and see both.</remarks>
internal static class DeliveryMetrics
{
    private static readonly Meter Meter = new(FapilogMetrics.MeterName, typeof(DeliveryMetrics).Assembly.GetName().Version?.ToString());
    private static readonly object Sync = new();
    private static readonly List<DeliveryOutput> Live = new();

    static DeliveryMetrics()
    {
        Meter.CreateObservableCounter("fapilog.output.events.accepted", () => Observe(s => s.Accepted), "{event}", "Events a remote output took from the pipeline");
        Meter.CreateObservableCounter("fapilog.output.events.delivered", () => Observe(s => s.Delivered), "{event}", "Events a remote output delivered");
        Meter.CreateObservableCounter("fapilog.output.events.lost", ObserveLosses, "{event}", "Events a remote output dropped or failed, by reason");
        Meter.CreateObservableCounter("fapilog.output.requests.retried", () => Observe(s => s.Retried), "{request}", "Requests that repeated a batch");
        Meter.CreateObservableGauge("fapilog.output.pending", () => Observe(s => s.Pending), "{event}", "Events a remote output holds, waiting or in flight");
        Meter.CreateObservableGauge("fapilog.output.pending.bytes", () => Observe(s => s.PendingBytes), "By", "Bytes a remote output holds");
        Meter.CreateObservableCounter("fapilog.output.events.spooled", () => Observe(s => s.Spool.Spooled), "{event}", "Events a remote output wrote to its disk spool");
        Meter.CreateObservableGauge("fapilog.output.spool.events", () => Observe(s => s.Spool.Held), "{event}", "Events a remote output's spool holds");
        Meter.CreateObservableGauge("fapilog.output.spool.bytes", () => Observe(s => s.Spool.Bytes), "By", "Bytes a remote output's spool holds on disk");
        Meter.CreateObservableGauge("fapilog.output.breaker.state", () => Observe(s => (long)s.Breaker), "{state}", "0 closed, 1 open, 2 half-open");
    }

    public static void Register(DeliveryOutput output)
    {
        lock (Sync)
        {
            Live.Add(output);
        }
    }

    public static void Unregister(DeliveryOutput output)
    {
        lock (Sync)
        {
            Live.Remove(output);
        }
    }

    private static DeliveryOutput[] Snapshot()
    {
        lock (Sync)
        {
            return Live.ToArray();
        }
    }

    private static IEnumerable<Measurement<long>> Observe(Func<DeliveryStats, long> read)
    {
        foreach (var output in Snapshot())
        {
            yield return new Measurement<long>(read(output.Snapshot()), new KeyValuePair<string, object?>("output", output.Name));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveLosses()
    {
        foreach (var output in Snapshot())
        {
            var stats = output.Snapshot();
            foreach (DeliveryLoss loss in Enum.GetValues<DeliveryLoss>())
            {
                yield return new Measurement<long>(
                    stats.LossFor(loss),
                    new KeyValuePair<string, object?>("output", output.Name),
                    new KeyValuePair<string, object?>("reason", DeliveryLosses.Name(loss)));
            }
        }
    }
}
