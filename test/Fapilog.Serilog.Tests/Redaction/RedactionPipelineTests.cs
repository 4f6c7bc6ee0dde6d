using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Redaction;

public class RedactionPipelineTests
{
    [Fact]
    public void APlainFileOutput_MasksCredentials_OutOfTheBox()
    {
        using var folder = new TempFolder();
        using (var logger = new LoggerConfiguration().WriteTo.FapilogFile(folder.File("app.jsonl")).CreateLogger())
        {
            logger.Information("Login {User} with {Password} at {Db}", "alice", "hunter2", "Server=x;Password=C0nnPw;");
        }

        string text = File.ReadAllText(Directory.GetFiles(folder.Path).Single());
        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("C0nnPw", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabled_WritesEveryValueAsLogged()
    {
        var sink = new CollectingSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions { Redaction = FapilogRedactionOptions.Disabled }, out var pipeline, sink);
        logger.Information("Login {User} with {Password}", "alice", "hunter2");
        logger.Dispose();

        Assert.Equal("hunter2", ((ScalarValue)sink.Events.Single().Properties["Password"]).Value);
        Assert.Equal(0, pipeline.GetStats().Redacted);
    }

    [Fact]
    public void DropEvent_FailsOnlyTheEventThatCannotBeChecked_AndTheCountsAddUp()
    {
        var sink = new CollectingSink();
        var options = new FapilogPipelineOptions { Redaction = new() { OnFailure = RedactionFailureMode.DropEvent } };
        var logger = Pipelines.Create(options, out var pipeline, sink);
        logger.Information("One {Password}", "hunter2");
        logger.Write(Odd("Two {Odd}"));
        logger.Information("Three {N}", 3);
        logger.Dispose();

        var stats = pipeline.GetStats();
        Pipelines.AssertDrained(stats);
        Assert.Equal(3, stats.Received);
        Assert.Equal(2, stats.Written);
        Assert.Equal(1, stats.Failed);
        Assert.Equal(1, stats.Redacted);
        Assert.Equal(1, stats.RedactionFailures);
        Assert.Equal(new[] { "One {Password}", "Three {N}" }, sink.Events.Select(e => e.MessageTemplate.Text));
    }

    [Fact]
    public void MaskValue_WritesTheEvent_WithTheValueMasked_AndCountsIt()
    {
        var sink = new CollectingSink();
        var logger = Pipelines.Create(new FapilogPipelineOptions(), out var pipeline, sink);
        logger.Write(Odd("Two {Odd} {N}", ("N", 2)));
        logger.Dispose();

        var stats = pipeline.GetStats();
        Pipelines.AssertDrained(stats);
        Assert.Equal(1, stats.Written);
        Assert.Equal(1, stats.RedactionFailures);
        Assert.Equal("***", ((ScalarValue)sink.Events.Single().Properties["Odd"]).Value);
    }

    [Fact]
    public void TheCountsOfRedactedValues_ArePublishedAsMetrics()
    {
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Fapilog.Serilog" && instrument.Name.StartsWith("fapilog.redaction.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "pipeline" && (string?)tag.Value == "redaction-metrics")
                {
                    lock (seen)
                    {
                        seen[instrument.Name] = value;
                    }
                }
            }
        });
        listener.Start();

        var logger = Pipelines.Create(new FapilogPipelineOptions { Name = "redaction-metrics" }, out var pipeline, new CollectingSink());
        for (int i = 0; i < 5; i++)
        {
            logger.Write(i == 0 ? Odd("Event {N} {ApiKey} {Odd}", ("N", i), ("ApiKey", "k-0")) : Some.Event(template: "Event {N} {ApiKey}", properties: new[] { ("N", (object?)i), ("ApiKey", "k-" + i) }));
        }

        pipeline.Flush(TimeSpan.FromSeconds(30));
        listener.RecordObservableInstruments();
        logger.Dispose();

        Assert.Equal(6, seen["fapilog.redaction.redacted"]); // five keys, and the value that could not be checked
        Assert.Equal(1, seen["fapilog.redaction.failures"]);
    }

    [Theory]
    [InlineData("MaxDepth", "FapilogPipelineOptions.Redaction.MaxDepth has the value '0'; valid values are 1 to 1000.")]
    [InlineData("Paths", "FapilogPipelineOptions.Redaction.Paths has the value 'user..password'; valid values are a list of dotted paths")]
    [InlineData("Mask", "FapilogPipelineOptions.Redaction.Mask has no value; valid values are a text that is not empty")]
    [InlineData("Presets", "FapilogPipelineOptions.Redaction.Presets has the value '99'; valid values are a list of Credentials, PciDss")]
    [InlineData("Redaction", "FapilogPipelineOptions.Redaction has no value; valid values are redaction options")]
    public void BadOptionsInCode_FailNamingTheOptionAndTheValidValues(string option, string message)
    {
        var options = new FapilogPipelineOptions();
        switch (option)
        {
            case "MaxDepth": options.Redaction.MaxDepth = 0; break;
            case "Paths": options.Redaction.Paths = new[] { "user..password" }; break;
            case "Mask": options.Redaction.Mask = ""; break;
            case "Presets": options.Redaction.Presets = new[] { (RedactionPreset)99 }; break;
            default: options.Redaction = null!; break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.Fapilog(wt => wt.Sink(new CollectingSink()), options));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    // Built by hand: Serilog's own capture catches a ToString that throws, so only an enricher or a hand-built event
    // brings one to the writer.
    private static LogEvent Odd(string template, params (string Name, object? Value)[] others) =>
        Some.Event(template: template, properties: others.Append(("Odd", (object?)new ThrowingToString())).ToArray());

    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("no text");
    }
}
