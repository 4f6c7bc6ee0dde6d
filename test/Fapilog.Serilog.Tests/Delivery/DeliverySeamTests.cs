using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Delivery;

/// <summary>
/// A transport written against the public delivery seam only (as an output of another package would be), run end to
/// end through <c>WriteTo.Fapilog(...)</c>: the deep flush sends what the batching timer would hold, an answer record
/// by record rejects one event and retries another, and the pipeline's output figures count it all.
/// </summary>
public sealed class DeliverySeamTests
{
    [Fact]
    public void APublicTransport_IsDeliveredTo_ByTheDeepFlush_WithPerItemOutcomes_AndCountedInTheOutputStats()
    {
        var transport = new MemoryTransport();
        var delivery = new FapilogDeliveryOptions
        {
            // Only a deep flush sends these events: the batching timer alone would hold them for an hour.
            BatchTimeLimit = TimeSpan.FromHours(1),
            MinRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            CloseTimeout = TimeSpan.FromSeconds(30),
            Spool = FapilogSpoolMode.Off,
        };
        var output = FapilogDeliveryOutput.Create("memory", FapilogFormat.Envelope, LogEventLevel.Verbose, delivery, transport);

        // The options were copied: a later change does not reach the output.
        delivery.BatchTimeLimit = TimeSpan.FromMilliseconds(1);
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.Sink(output), new FapilogPipelineOptions { Name = "delivery-seam", ShutdownTimeout = TimeSpan.FromSeconds(30) })
            .CreateLogger())
        {
            for (int n = 1; n <= 10; n++)
            {
                logger.Information("Event {N} {Fate}", n, n == 3 ? "reject-me" : n == 7 ? "retry-me" : "plain");
            }

            var pipeline = FapilogPipelines.Get("delivery-seam");
            Assert.False(pipeline.Flush(TimeSpan.FromSeconds(60)).TimedOut);

            var stats = Assert.Single(pipeline.GetOutputStats());
            Assert.Equal("memory", stats.Output);
            Assert.Equal(10, stats.Accepted);
            Assert.Equal(9, stats.Delivered);
            Assert.Equal(1, stats.Failed);
            Assert.Equal(1, stats.Losses["rejected"]);
            Assert.Equal(0, stats.Pending);
            Assert.Equal(2, stats.Requests);
            Assert.Equal(1, stats.Retried);
            Assert.Equal("refused: reject-me", stats.LastError);
        }

        // The same figures from the output itself, after its close.
        Assert.Equal((9L, 1L, 2L), (FapilogDeliveryOutput.GetStats(output).Delivered, FapilogDeliveryOutput.GetStats(output).Failed, FapilogDeliveryOutput.GetStats(output).Requests));
        Assert.Throws<ArgumentException>(() => FapilogDeliveryOutput.GetStats(new OtherSink()));

        // Each event but the rejected one stored once, the retried one after the others of its batch.
        Assert.Equal(new[] { 1, 2, 4, 5, 6, 8, 9, 10, 7 }, transport.Stored);

        // One view object, whose version told the retry (the one event left) from the first attempt.
        Assert.Equal(2, transport.Versions.Count);
        Assert.NotEqual(transport.Versions[0], transport.Versions[1]);
        Assert.Single(transport.Views.Distinct());
        Assert.True(transport.Disposed);

        // A view kept past its send can neither be read nor marked: it would show (and mark) another batch.
        var kept = transport.Views[0];
        Assert.Throws<InvalidOperationException>(() => kept.Count);
        Assert.Throws<InvalidOperationException>(() => kept.Version);
        Assert.Throws<InvalidOperationException>(() => kept[0].Length);
        Assert.Throws<InvalidOperationException>(() => kept.Reject(0));
        Assert.Throws<InvalidOperationException>(() => kept.Retry(0));
    }

    [Fact]
    public void Create_ChecksTheDeliveryOptions_NamingThem()
    {
        using var transport = new MemoryTransport();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            FapilogDeliveryOutput.Create("memory", FapilogFormat.Clef, LogEventLevel.Verbose, new FapilogDeliveryOptions { BatchSizeLimit = 0 }, transport));
        Assert.Equal("Fapilog: FapilogDeliveryOptions.BatchSizeLimit has the value '0'; valid values are at least 1.", e.Message.Split(" (Parameter")[0]);
        Assert.False(transport.Disposed);
    }

    [Fact]
    public void AnOutcome_SaysItsKindAndError()
    {
        Assert.Equal(FapilogDeliveryOutcomeKind.Delivered, FapilogDeliveryOutcome.Delivered.Kind);
        Assert.Null(FapilogDeliveryOutcome.Delivered.Error);
        var transient = FapilogDeliveryOutcome.Transient("busy", TimeSpan.FromSeconds(3));
        Assert.Equal(FapilogDeliveryOutcomeKind.Transient, transient.Kind);
        Assert.Equal(TimeSpan.FromSeconds(3), transient.RetryAfter);
        Assert.Equal(FapilogDeliveryOutcome.Transient("busy", TimeSpan.FromSeconds(3)), transient);
        Assert.NotEqual(FapilogDeliveryOutcome.Permanent("busy"), transient);
        Assert.Equal("Permanent: gone", FapilogDeliveryOutcome.Permanent("gone").ToString());
        Assert.Throws<ArgumentNullException>(() => FapilogDeliveryOutcome.Permanent(null!));
    }

    [Fact]
    public void TheDocsExampleTransport_IsThisCompiledOne_AndWritesEachRecordAsALine()
    {
        string root = Path.Combine(ProjectDirectory(), "..", "..");
        string docs = File.ReadAllText(Path.Combine(root, "docs", "delivery-seam.md")).ReplaceLineEndings("\n");
        string shown = DocsText.FencedBlock(docs, "csharp");
        Assert.Equal(File.ReadAllText(Path.Combine(ProjectDirectory(), "Delivery", "StreamTransport.cs")).ReplaceLineEndings("\n"), shown);

        var stream = new MemoryStream();
        var output = FapilogDeliveryOutput.Create(
            "stream", FapilogFormat.Clef, LogEventLevel.Information, new FapilogDeliveryOptions { Spool = FapilogSpoolMode.Off }, new MyOutput.StreamTransport(stream));
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.Sink(output), new FapilogPipelineOptions { Name = "delivery-seam-docs" })
            .CreateLogger())
        {
            logger.Debug("Below the output's level");
            logger.Information("First {N}", 1);
            logger.Warning("Second {N}", 2);
        }

        // The close delivered both and disposed the transport, which closed the stream.
        Assert.False(stream.CanRead);
        string[] lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"@mt\":\"First {N}\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"@mt\":\"Second {N}\"", lines[1], StringComparison.Ordinal);
    }

    private static string ProjectDirectory() => typeof(DeliverySeamTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;

    /// <summary>A sink that is not an output of the delivery stage.</summary>
    private sealed class OtherSink : global::Serilog.Core.ILogEventSink
    {
        public void Emit(LogEvent logEvent) => throw new InvalidOperationException("not used");
    }

    /// <summary>Keeps what it is sent; rejects records holding <c>reject-me</c>, and asks for one more try of those holding <c>retry-me</c>.</summary>
    private sealed class MemoryTransport : FapilogDeliveryTransport
    {
        private bool _retriedOnce;

        public List<int> Stored { get; } = new();

        public List<long> Versions { get; } = new();

        public List<FapilogDeliveryBatch> Views { get; } = new();

        public bool Disposed { get; private set; }

        public override FapilogDeliveryOutcome Send(FapilogDeliveryBatch batch, CancellationToken cancel)
        {
            Views.Add(batch);
            Versions.Add(batch.Version);
            string? error = null;
            for (int i = 0; i < batch.Count; i++)
            {
                string record = Encoding.UTF8.GetString(batch[i]);
                if (record.Contains("reject-me", StringComparison.Ordinal))
                {
                    batch.Reject(i);
                    error ??= "refused: reject-me";
                }
                else if (record.Contains("retry-me", StringComparison.Ordinal) && !_retriedOnce)
                {
                    batch.Retry(i);
                    _retriedOnce = true;
                }
                else
                {
                    Stored.Add(Number(record));
                }
            }

            return FapilogDeliveryOutcome.PerItem(error);
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }

        private static int Number(string record)
        {
            int at = record.IndexOf("Event ", StringComparison.Ordinal) + "Event ".Length;
            return int.Parse(new string(record.Skip(at).TakeWhile(char.IsDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
