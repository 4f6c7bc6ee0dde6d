using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Fapilog.Serilog;

/// <summary>
/// Publishes every running pipeline's counters through <see cref="System.Diagnostics.Metrics"/>, under the
/// meter <c>Fapilog.Serilog</c>, tagged with <c>pipeline</c> (and <c>reason</c> for drops), so that
/// <c>dotnet-counters</c>, OpenTelemetry and Prometheus exporters see them with no extra code.
/// </summary>
/// <remarks>
/// The counters are observable instruments read at collection time: they cost the pipeline nothing. Only
/// the two histograms are recorded, once per batch on the writer thread.
/// </remarks>
internal static class FapilogMetrics
{
    public const string MeterName = "Fapilog.Serilog";

    private static readonly Meter Meter = new(MeterName, typeof(FapilogMetrics).Assembly.GetName().Version?.ToString());
    private static readonly object Sync = new();
    private static readonly List<FapilogPipelineSink> Live = new();

    private static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("fapilog.batch.size", "{event}", "Events per batch handed to the sinks");

    private static readonly Histogram<double> BatchDuration =
        Meter.CreateHistogram<double>("fapilog.batch.duration", "ms", "Time the sinks took to write one batch");

    static FapilogMetrics()
    {
        Meter.CreateObservableCounter("fapilog.events.received", () => Observe(s => s.Received), "{event}", "Events that reached the pipeline");
        Meter.CreateObservableCounter("fapilog.events.written", () => Observe(s => s.Written), "{event}", "Events written by every sink");
        Meter.CreateObservableCounter("fapilog.events.failed", () => Observe(s => s.Failed), "{event}", "Events a sink failed to write");
        Meter.CreateObservableCounter("fapilog.events.dropped", ObserveDrops, "{event}", "Events dropped, by reason");
        Meter.CreateObservableGauge("fapilog.queue.depth", () => Observe(s => s.Queued), "{event}", "Events waiting to be written");
        Meter.CreateObservableCounter("fapilog.events.filtered", () => Observe(s => s.Filtered), "{event}", "Events a writer-side stage took out on purpose");
        Meter.CreateObservableCounter("fapilog.events.filtered.by_reason", ObserveFiltered, "{event}", "Events a writer-side stage took out on purpose, by reason");
        Meter.CreateObservableCounter("fapilog.events.emitted", () => Observe(s => s.Emitted), "{event}", "Events a writer-side stage added (summaries of suppressed errors)");
        Meter.CreateObservableCounter("fapilog.redaction.redacted", () => Observe(s => s.Redacted), "{value}", "Values the redaction stage masked");
        Meter.CreateObservableCounter("fapilog.redaction.failures", () => Observe(s => s.RedactionFailures), "{value}", "Values the redaction stage could not check");
        Meter.CreateObservableCounter("fapilog.producer.waits", () => ObserveSinks(s => s.Room.WaitsStarted), "{wait}", "Times a logging call waited for room in a full queue");
        Meter.CreateObservableCounter("fapilog.writer.short_sleeps", () => ObserveSinks(s => s.Writer.ShortSleeps), "{sleep}", "Short sleeps the writer took between batches while producers logged fast");
        Meter.CreateObservableGauge("fapilog.queue.high_water", () => Observe(s => s.HighWaterMark), "{event}", "The deepest the queue has been");
    }

    public static void Register(FapilogPipelineSink sink)
    {
        lock (Sync)
        {
            Live.Add(sink);
        }
    }

    public static void Unregister(FapilogPipelineSink sink)
    {
        lock (Sync)
        {
            Live.Remove(sink);
        }
    }

    public static void RecordBatch(string pipeline, int size, TimeSpan duration)
    {
        if (BatchSize.Enabled)
        {
            BatchSize.Record(size, new KeyValuePair<string, object?>("pipeline", pipeline));
        }

        if (BatchDuration.Enabled)
        {
            BatchDuration.Record(duration.TotalMilliseconds, new KeyValuePair<string, object?>("pipeline", pipeline));
        }
    }

    private static FapilogPipelineSink[] Snapshot()
    {
        lock (Sync)
        {
            return Live.ToArray();
        }
    }

    private static IEnumerable<Measurement<long>> Observe(Func<FapilogPipelineStats, long> read)
    {
        foreach (var sink in Snapshot())
        {
            yield return new Measurement<long>(read(sink.Snapshot()), new KeyValuePair<string, object?>("pipeline", sink.Name));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveSinks(Func<FapilogPipelineSink, long> read)
    {
        foreach (var sink in Snapshot())
        {
            yield return new Measurement<long>(read(sink), new KeyValuePair<string, object?>("pipeline", sink.Name));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveFiltered()
    {
        foreach (var sink in Snapshot())
        {
            var stats = sink.Snapshot();
            foreach (var reason in FilterReasons.All)
            {
                yield return new Measurement<long>(
                    stats.FilteredFor(reason),
                    new KeyValuePair<string, object?>("pipeline", sink.Name),
                    new KeyValuePair<string, object?>("reason", FilterReasons.Name(reason)));
            }
        }
    }

    private static IEnumerable<Measurement<long>> ObserveDrops()
    {
        foreach (var sink in Snapshot())
        {
            var stats = sink.Snapshot();
            foreach (DropReason reason in Enum.GetValues<DropReason>())
            {
                yield return new Measurement<long>(
                    stats.DroppedFor(reason),
                    new KeyValuePair<string, object?>("pipeline", sink.Name),
                    new KeyValuePair<string, object?>("reason", SelfLogReporter.ReasonName(reason)));
            }
        }
    }
}
