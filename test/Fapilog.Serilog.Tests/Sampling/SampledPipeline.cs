using System;
using System.Collections.Generic;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Sampling;

/// <summary>A pipeline with sampling options, a manual clock and a recording batch sink.</summary>
internal sealed class SampledPipeline : IDisposable
{
    public SampledPipeline(FapilogSamplingOptions sampling, params IEventStage[] laterStages)
    {
        var options = new FapilogPipelineOptions { Sampling = sampling, TimeProvider = Clock, Stages = laterStages };
        Logger = Pipelines.Create(options, out var pipeline, Sink);
        Pipeline = pipeline;
    }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    public RecordingBatchSink Sink { get; } = new();

    public Logger Logger { get; }

    public FapilogPipeline Pipeline { get; }

    /// <summary>What the sink got, as "LEVEL rendered message" lines, in order.</summary>
    public IReadOnlyList<string> Lines => Sink.Events.Select(Line).ToList();

    public static string Line(FapilogEvent e) => $"{LevelClassifier.EnvelopeName(e.Level)} {e.LogEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Waits until everything logged so far is written (the writer then sees the next clock).</summary>
    public void Flush() => Assert.False(Pipeline.Flush(TimeSpan.FromSeconds(30)).TimedOut, "the flush timed out");

    /// <summary>
    /// Waits (bounded) until the writer has taken and counted everything logged so far, without a flush (which would
    /// hand out the summaries of open windows): the next clock change is then seen by later events only.
    /// </summary>
    public void WaitProcessed() =>
        Assert.True(System.Threading.SpinWait.SpinUntil(() => Pipeline.GetStats().Queued == 0, TimeSpan.FromSeconds(30)), "the writer did not catch up");

    /// <summary>Closes the pipeline and checks that every event is accounted for, the reasons adding up to filtered.</summary>
    public FapilogPipelineStats Close()
    {
        var result = Pipeline.Close();
        Assert.False(result.TimedOut, "the close timed out");
        AssertCounts(result.Stats);
        AssertSequences();
        return result.Stats;
    }

    public void Dispose() => Logger.Dispose();

    public static void AssertCounts(FapilogPipelineStats stats)
    {
        Pipelines.AssertDrained(stats);
        Assert.Equal(stats.Filtered, Enum.GetValues<FilterReason>().Sum(stats.FilteredFor));
    }

    /// <summary>Sequence numbers are strictly increasing in write order, added events included.</summary>
    public void AssertSequences()
    {
        var sequences = Sink.Events.Select(e => e.Sequence).ToList();
        Assert.True(sequences.Zip(sequences.Skip(1)).All(p => p.First < p.Second), "sequences: " + string.Join(",", sequences));
        Assert.Equal(sequences.Count, Sink.Events.Select(e => e.MessageId).Distinct().Count());
    }

    public static int Number(FapilogEvent e) => (int)((ScalarValue)e.LogEvent.Properties["N"]).Value!;
}
