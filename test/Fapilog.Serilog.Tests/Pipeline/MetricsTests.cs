using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Pipeline;

public class MetricsTests
{
    [Fact]
    public void MeterListener_SeesTheInstruments_TaggedWithThePipelineName()
    {
        var measurements = new List<(string Instrument, double Value, string? Pipeline)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Fapilog.Serilog")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? pipeline = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "pipeline")
                {
                    pipeline = tag.Value as string;
                }
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, pipeline));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        var logger = Pipelines.Create(new FapilogPipelineOptions { Name = "metrics-probe" }, out var pipeline, new CollectingSink());
        for (int i = 0; i < 10; i++)
        {
            logger.Information("Event {N}", i);
        }

        pipeline.Flush(TimeSpan.FromSeconds(30));
        listener.RecordObservableInstruments();
        logger.Dispose();

        (string, double, string?)[] mine;
        lock (measurements)
        {
            mine = measurements.Where(m => m.Pipeline == "metrics-probe").ToArray();
        }

        Assert.Contains(mine, m => m.Item1 == "fapilog.events.received" && m.Item2 == 10);
        Assert.Contains(mine, m => m.Item1 == "fapilog.events.written" && m.Item2 == 10);
        Assert.Contains(mine, m => m.Item1 == "fapilog.events.failed" && m.Item2 == 0);
        Assert.Contains(mine, m => m.Item1 == "fapilog.events.dropped");
        Assert.Contains(mine, m => m.Item1 == "fapilog.queue.depth" && m.Item2 == 0);
        Assert.Contains(mine, m => m.Item1 == "fapilog.queue.high_water");
        Assert.Equal(10, mine.Where(m => m.Item1 == "fapilog.batch.size").Sum(m => m.Item2));
        Assert.Contains(mine, m => m.Item1 == "fapilog.batch.duration");
    }
}
