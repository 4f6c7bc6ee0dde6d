using System;
using System.Collections.Generic;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Sampling;

/// <summary>The counters add up with every rule on: filtered by reason, added events, a close that gives up on the writer.</summary>
[Collection(SelfLogCollection.Name)]
public class SamplingCountsTests
{
    [Fact]
    public void EveryRuleAtOnce_OnAMixedWorkload_TheInvariantHolds_AndTheReasonsAddUpToFiltered()
    {
        using var p = new SampledPipeline(new FapilogSamplingOptions
        {
            LevelRates = new Dictionary<FapilogLevel, double> { [FapilogLevel.Debug] = 0.2, [FapilogLevel.Verbose] = 0.0 },
            Repeats = new FapilogRepeatOptions { Window = TimeSpan.FromSeconds(5), KeepEvery = 4, MaximumLevel = FapilogLevel.Debug },
            RateLimit = new FapilogRateLimitOptions { Key = FapilogSamplingKey.Property, Property = "User", Limit = 5, Period = TimeSpan.FromSeconds(1) },
            DuplicateErrors = new FapilogDuplicateErrorOptions { Window = TimeSpan.FromSeconds(3) },
        });
        var random = new Random(17);
        int audits = 0;
        for (int round = 0; round < 20; round++)
        {
            for (int i = 0; i < 100; i++)
            {
                switch (random.Next(6))
                {
                    case 0: p.Logger.Verbose("Trace {N}", i); break;
                    case 1: p.Logger.Debug("Debug {Kind} {N}", random.Next(3), i); break;
                    case 2: p.Logger.Information("Request {User} {N}", "u" + random.Next(4), i); break;
                    case 3: p.Logger.Error(random.Next(2) == 0 ? new TimeoutException() : new InvalidOperationException(), "Failed {N}", i); break;
                    case 4: p.Logger.Audit("Audit {N}", i); audits++; break;
                    default: p.Logger.Warning("Warn {N}", i); break;
                }
            }

            if (round % 5 == 4)
            {
                p.Flush();
            }
            else
            {
                p.WaitProcessed();
            }

            p.Clock.Advance(TimeSpan.FromMilliseconds(random.Next(2000)));
        }

        var stats = p.Close(); // asserts the invariant, the reasons and the sequences

        Assert.Equal(audits, p.Sink.Events.Count(e => e.Level == FapilogLevel.Audit));
        Assert.Equal(0, p.Sink.Events.Count(e => e.Level == FapilogLevel.Verbose));
        Assert.True(stats.FilteredFor(FilterReason.Sampled) > 0 && stats.FilteredFor(FilterReason.DuplicateError) > 0 && stats.FilteredFor(FilterReason.RateLimited) > 0);
        Assert.Equal(stats.Emitted, p.Sink.Events.Count(e => e.LogEvent.Properties.ContainsKey("SuppressedCount")));
        Assert.Equal(stats.FilteredFor(FilterReason.DuplicateError), p.Sink.Events.Where(e => e.LogEvent.Properties.ContainsKey("SuppressedCount"))
            .Sum(e => (long)((ScalarValue)e.LogEvent.Properties["SuppressedCount"]).Value!));
        Assert.Equal(stats.Written, p.Sink.Events.Count);
    }

    [Fact]
    public void ACloseThatGivesUpOnASinkStuckInTheSummaries_CountsNoSummary_AndTheInvariantHolds()
    {
        var gated = new GatedSink();
        var options = new FapilogPipelineOptions
        {
            ShutdownTimeout = TimeSpan.FromSeconds(1),
            Sampling = new FapilogSamplingOptions { DuplicateErrors = new FapilogDuplicateErrorOptions() },
        };
        var logger = Pipelines.Create(options, out var pipeline, new HoldSummaries(gated));
        for (int i = 0; i < 3; i++)
        {
            logger.Error("Boom {N}", i);
        }

        var result = pipeline.Close(); // the writer is held in the summary at the close: the close gives up
        gated.Open();
        Assert.True(pipeline.Sink.Writer.Exited.Wait(TimeSpan.FromSeconds(30)), "the writer did not exit once released");
        var stats = pipeline.GetStats();

        Assert.True(result.TimedOut);
        Assert.Equal(0, stats.Emitted); // never counted: the close had given up on it
        Assert.Equal(1, stats.Written);
        Assert.Equal(2, stats.FilteredFor(FilterReason.DuplicateError));
        Pipelines.AssertDrained(stats);
        logger.Dispose();
    }

    [Fact]
    public void ASinkThatThrowsOnASummary_CountsItFailedAndEmittedOnce_AndTheInvariantHolds()
    {
        var sink = new ThrowOnSummaries();
        var options = new FapilogPipelineOptions
        {
            Sampling = new FapilogSamplingOptions { DuplicateErrors = new FapilogDuplicateErrorOptions() },
        };
        using var logger = Pipelines.Create(options, out var pipeline, sink);
        for (int i = 0; i < 3; i++)
        {
            logger.Error("Boom {N}", i);
        }

        Assert.False(pipeline.Flush(TimeSpan.FromSeconds(30)).TimedOut); // the flush hands out the summary: it throws
        logger.Error("Boom {N}", 3); // a duplicate again, in the same window: a second summary at the close
        var stats = pipeline.Close().Stats;

        Assert.Equal(2, sink.Thrown);
        Assert.Equal(2, stats.Emitted);
        Assert.Equal(2, stats.Failed); // the two summaries, each once
        Assert.Equal(1, stats.Written);
        Assert.Equal(3, stats.FilteredFor(FilterReason.DuplicateError));
        Assert.Equal(4 + 2, stats.Received);
        Pipelines.AssertDrained(stats);
    }

    /// <summary>Throws on every summary, writes nothing else anywhere (the others are only counted).</summary>
    private sealed class ThrowOnSummaries : global::Serilog.Core.ILogEventSink
    {
        public int Thrown;

        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Properties.ContainsKey("SuppressedCount"))
            {
                Thrown++;
                throw new InvalidOperationException("the sink fails on a summary");
            }
        }
    }

    /// <summary>Passes every event to the gated sink only when it is a summary, so only the summary holds the writer.</summary>
    private sealed class HoldSummaries(GatedSink gated) : global::Serilog.Core.ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Properties.ContainsKey("SuppressedCount"))
            {
                gated.Emit(logEvent);
            }
        }
    }
}
