using System;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Seq;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs.Seq;

/// <summary>
/// The Seq output against a loopback Seq that implements the ingestion API and injects faults. Assertions are on what
/// Seq took and on the output's figures after its close, never on elapsed time; every wait is bounded.
/// </summary>
public sealed class SeqOutputTests : IAsyncLifetime
{
    private LoopbackSeq _seq = null!;

    public async Task InitializeAsync() => _seq = await LoopbackSeq.StartAsync();

    public async Task DisposeAsync() => await _seq.DisposeAsync();

    internal static FapilogSeqOptions FastOptions(string url, Action<FapilogDeliveryOptions>? delivery = null)
    {
        var options = new FapilogSeqOptions { Url = url, RequestTimeout = TimeSpan.FromSeconds(20) };
        FastDelivery.Apply(options.Delivery, delivery);
        return options;
    }

    internal static DeliveryOutput Create(FapilogSeqOptions options) =>
        FapilogSeqOutput.Create(options, LogEventLevel.Verbose, FapilogSeqOutput.OptionsNaming);

    internal static void EmitNumbered(DeliveryOutput output, int count, int perBatch = 10) => FastDelivery.EmitNumbered(output, count, perBatch);

    [Fact]
    public void EveryFault_IsRetried_AndEveryEventArrivesExactlyOnce_InOrder()
    {
        foreach (var fault in new ReceiverFault[]
        {
            new ReceiverFault.Status(500, Body: """{"Error":"The server is restarting."}"""),
            new ReceiverFault.Status(429, "0"),
            new ReceiverFault.Reset(),
            new ReceiverFault.Status(503, "Wed, 21 Oct 2015 07:28:00 GMT"),
            new ReceiverFault.Hang(),
            new ReceiverFault.Slow(TimeSpan.FromMilliseconds(50)),
            new ReceiverFault.Status(502),
        })
        {
            _seq.Faults.Enqueue(fault);
        }

        var options = FastOptions(_seq.Url.ToString());
        options.RequestTimeout = FastDelivery.FaultTimeout;
        var output = Create(options);

        EmitNumbered(output, 200);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 200), _seq.Numbers);
        var stats = output.Snapshot();
        Assert.Equal((200, 200, 0L), (stats.Accepted, stats.Delivered, stats.Failed + stats.Dropped + stats.Pending));
        FastDelivery.AssertEveryFailureRetriedOnce(stats, _seq, failing: 6); // the slow answer is taken
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public async Task SeqDownForAWhile_IsRetriedUntilItIsBack_AndNothingIsLost()
    {
        var output = Create(FastOptions(_seq.Url.ToString()));
        output.EmitBatch(Batches.Numbered(1, 10));
        Assert.True(await _seq.TookOne.WaitAsync(TimeSpan.FromSeconds(30)), "the first batch arrived");

        await _seq.StopAsync();
        output.EmitBatch(Batches.Numbered(11, 10));
        Assert.True(SpinUntil(() => output.Snapshot() is { Requests: >= 3, LastError: not null }), "the output tried Seq while it was down");
        await _seq.StartAgainAsync();
        output.EmitBatch(Batches.Numbered(21, 10));
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 30), _seq.Numbers);
        var stats = output.Snapshot();
        Assert.Equal(30, stats.Delivered);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void TheRequest_GoesToIngestClef_AsNewlineDelimitedClef_WithTheApiKeyHeader()
    {
        _seq.RequiredApiKey = "k3y-for-ingest";
        var options = FastOptions(_seq.Url.ToString().TrimEnd('/'), d => d.BatchTimeLimit = TimeSpan.FromMinutes(1));
        options.ApiKey = "k3y-for-ingest";
        var output = Create(options);

        output.EmitBatch(Batches.Numbered(1, 10));
        output.Dispose();

        var payload = Assert.Single(_seq.Payloads);
        Assert.Equal("k3y-for-ingest", payload.Headers["X-Seq-ApiKey"]);
        Assert.Equal("application/vnd.serilog.clef; charset=utf-8", payload.Headers["Content-Type"]);
        Assert.False(payload.Headers.ContainsKey("Content-Encoding"));
        Assert.Equal(Enumerable.Range(1, 10), _seq.Numbers);
        Assert.Equal(10, output.Snapshot().Delivered);
    }


    [Fact]
    public void SeqUnavailablePastTheRetryTimeLimit_FailsTheBatch_AsRetryTimeExceeded_WithSeqsText()
    {
        _seq.Always = new ReceiverFault.Status(503, Body: """{"Error":"Storage is full."}""");
        var output = Create(FastOptions(_seq.Url.ToString(), d => { d.BreakerFailureThreshold = 0; d.RetryTimeLimit = TimeSpan.FromMilliseconds(50); }));

        output.EmitBatch(Batches.Numbered(1, 10));
        Assert.True(SpinUntil(() => output.Snapshot().LossFor(DeliveryLoss.RetryTimeExceeded) == 10));
        _seq.Always = null;
        output.EmitBatch(Batches.Numbered(11, 10));
        output.Dispose();

        Assert.Equal(Enumerable.Range(11, 10), _seq.Numbers);
        var stats = output.Snapshot();
        Assert.Equal((10L, 10L), (stats.Delivered, stats.LossFor(DeliveryLoss.RetryTimeExceeded)));
        Assert.True(stats.IsConsistent);
    }


    [Fact]
    public void ThroughAPipeline_WriteToFapilogSeq_DeliversEveryEvent()
    {
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogSeq(_seq.Url.ToString(), apiKey: "abc"), new FapilogPipelineOptions { Name = "seq-pipeline" })
            .CreateLogger())
        {
            for (int n = 1; n <= 25; n++)
            {
                logger.Information("Event {N}", n);
            }

            // The batch timer sends them; waiting here keeps a cold first request out of the close's 1.5 s.
            Assert.True(SpinUntil(() => _seq.Lines.Count == 25), "the events arrived");
        }

        Assert.Equal(Enumerable.Range(1, 25), _seq.Numbers);
        Assert.All(_seq.Payloads, p => Assert.Equal("abc", p.Headers["X-Seq-ApiKey"]));
    }

    /// <summary>An event whose JSON is over Seq's default event body limit (256 KiB).</summary>
    internal static LogEvent Big(int n) => Some.Event(template: "Big {N} {Blob}", properties: new (string, object?)[] { ("N", n), ("Blob", new string('x', 300_000)) });

    internal static bool SpinUntil(Func<bool> condition) => System.Threading.SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(30));
}
