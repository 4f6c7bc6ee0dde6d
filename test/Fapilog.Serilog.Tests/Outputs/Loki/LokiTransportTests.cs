using System;
using System.Buffers;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Outputs.Loki;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Loki;

/// <summary>The transport on its own: a push is built from the records' bytes alone, as a spool replayed after a restart would hand them over.</summary>
public sealed class LokiTransportTests
{
    private static DeliveryBatch BatchOf(params byte[][] records)
    {
        var batch = new DeliveryBatch();
        foreach (var record in records)
        {
            batch.Add(record, isProtected: false, fromSpool: false);
        }

        batch.Changed();
        return batch;
    }

    [Fact]
    public async Task RecordsWrittenByOneOutput_AreSentByAnother_WithTheirLabelsAndTimes()
    {
        await using var loki = await LoopbackLoki.StartAsync();
        var options = LokiOutputTests.FastOptions(loki.Url);
        options.PropertiesAsLabels.Add("Region");
        IUtf8EventFormatter writer = new LokiRecordFormatter("loki", options);
        var records = LokiOutputTests.Events(1, 6, n => [("Region", n % 2 == 0 ? "eu" : "us")]).Select(e =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            writer.Format(e, buffer);
            return buffer.WrittenSpan.ToArray();
        }).ToArray();

        // A transport of its own, with different label options: the records alone decide the push.
        using var transport = new LokiTransport(LokiOutputTests.FastOptions(loki.Url));
        var outcome = transport.Send(BatchOf(records), CancellationToken.None);

        Assert.Equal(DeliveryOutcomeKind.Delivered, outcome.Kind);
        var push = Assert.Single(loki.Pushes);
        Assert.Equal(new[] { "us", "eu" }, push.Streams.Select(s => s.Labels["Region"]));
        Assert.All(loki.Entries, e => Assert.Equal((LokiOutputTests.TimeOf(e.Number).UtcTicks - DateTime.UnixEpoch.Ticks) * 100, e.Ns));
        Assert.Equal(new[] { 1, 3, 5 }, loki.Entries.Where(e => e.Labels["Region"] == "us").Select(e => e.Number));
    }

    [Fact]
    public async Task ABatchWithBytesThatAreNotALokiRecord_FailsForGood_WithoutARequest()
    {
        await using var loki = await LoopbackLoki.StartAsync();
        using var transport = new LokiTransport(LokiOutputTests.FastOptions(loki.Url));

        var outcome = transport.Send(BatchOf(Encoding.UTF8.GetBytes("{\"n\":1}\n")), CancellationToken.None);

        Assert.Equal(DeliveryOutcomeKind.Permanent, outcome.Kind);
        Assert.Equal("record 0 of the batch is not a Loki record (labels, a tab, an entry)", outcome.Error);
        Assert.Equal(0, loki.Requests);
    }

    [Fact]
    public async Task ARefusalWithoutABody_IsTheStatusAlone()
    {
        await using var loki = await LoopbackLoki.StartAsync();
        loki.Faults.Enqueue(new ReceiverFault.Status(400));
        using var transport = new LokiTransport(LokiOutputTests.FastOptions(loki.Url));
        IUtf8EventFormatter writer = new LokiRecordFormatter("loki", LokiOutputTests.FastOptions(loki.Url));
        var buffer = new ArrayBufferWriter<byte>();
        writer.Format(LokiOutputTests.Events(1, 1)[0], buffer);

        var outcome = transport.Send(BatchOf(buffer.WrittenSpan.ToArray()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent("HTTP 400 Bad Request"), outcome);
    }

    [Fact]
    public async Task ARateLimit_IsTransient_WithItsRetryAfter_AndLokisText()
    {
        await using var loki = await LoopbackLoki.StartAsync();
        const string text = "Ingestion rate limit exceeded for user fake (limit: 4194304 bytes/sec) while attempting to ingest '1' lines totaling '90' bytes";
        loki.Faults.Enqueue(new ReceiverFault.Status(429, "7", text));
        using var transport = new LokiTransport(LokiOutputTests.FastOptions(loki.Url));
        IUtf8EventFormatter writer = new LokiRecordFormatter("loki", LokiOutputTests.FastOptions(loki.Url));
        var buffer = new ArrayBufferWriter<byte>();
        writer.Format(LokiOutputTests.Events(1, 1)[0], buffer);

        var outcome = transport.Send(BatchOf(buffer.WrittenSpan.ToArray()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient("HTTP 429 Too Many Requests: " + text, "7"), outcome);
    }
}
