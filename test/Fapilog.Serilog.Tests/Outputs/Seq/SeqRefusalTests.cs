using System;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Tests.Support;
using static Fapilog.Serilog.Tests.Outputs.Seq.SeqOutputTests;

namespace Fapilog.Serilog.Tests.Outputs.Seq;

/// <summary>
/// What Seq refuses for good (a key it does not take, a payload it cannot read, a request over its limits) fails the
/// batch as rejected, with Seq's own explanation in the last error, and never the key itself; the next batches go.
/// </summary>
public sealed class SeqRefusalTests : IAsyncLifetime
{
    private LoopbackSeq _seq = null!;

    public async Task InitializeAsync() => _seq = await LoopbackSeq.StartAsync();

    public async Task DisposeAsync() => await _seq.DisposeAsync();

    [Fact]
    public void AWrongApiKey_IsRefusedWith401_CountedRejected_WithSeqsMessage_AndNeverShowsTheKey()
    {
        _seq.RequiredApiKey = "the-right-key";
        var options = FastOptions(_seq.Url.ToString());
        options.ApiKey = "wrong-key-7f3a";
        var output = Create(options);

        EmitNumbered(output, 20);
        output.Dispose();

        Assert.Empty(_seq.Payloads);
        var stats = output.Snapshot();
        Assert.Equal(20, stats.LossFor(DeliveryLoss.Rejected));
        Assert.Equal(0, stats.Retried);
        Assert.StartsWith("HTTP 401", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("refused the API key", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("A valid API key is required", stats.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key-7f3a", stats.LastError, StringComparison.Ordinal);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void AKeyWithoutIngestPermission_IsRefusedWith403_AndCountedRejected()
    {
        _seq.KeyWithoutIngest = "read-only-key";
        var options = FastOptions(_seq.Url.ToString());
        options.ApiKey = "read-only-key";
        var output = Create(options);

        output.EmitBatch(Batches.Numbered(1, 5));
        output.Dispose();

        var stats = output.Snapshot();
        Assert.Equal(5, stats.LossFor(DeliveryLoss.Rejected));
        Assert.StartsWith("HTTP 403", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("permission to ingest", stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void ABatchSeqCannotRead_IsRefusedWith400_FailsThatBatchOnly_WithSeqsErrorText()
    {
        // With no limit of our own, an event over Seq's event body limit makes Seq refuse its whole request.
        var options = FastOptions(_seq.Url.ToString(), d => { d.BatchSizeLimit = 3; d.BatchTimeLimit = TimeSpan.FromMinutes(1); });
        options.EventBodyLimitBytes = null;
        var output = Create(options);

        output.EmitBatch(Batches.Of(Some.Numbered(1), Big(2), Some.Numbered(3)));
        Assert.True(SpinUntil(() => _seq.Requests == 1));
        output.EmitBatch(Batches.Numbered(4, 3));
        output.Dispose();

        Assert.Equal(new[] { 4, 5, 6 }, _seq.Numbers);
        var stats = output.Snapshot();
        Assert.Equal((3, 3L), (stats.LossFor(DeliveryLoss.Rejected), stats.Delivered));
        Assert.StartsWith("HTTP 400", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("Seq says \"Event 2 is over the event body limit", stats.LastError, StringComparison.Ordinal);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void AnEventOverEventBodyLimitBytes_IsNotSent_AndFailsAlone_WhileTheRestOfItsBatchArrives()
    {
        var output = Create(FastOptions(_seq.Url.ToString(), d => d.BatchTimeLimit = TimeSpan.FromMinutes(1)));

        output.EmitBatch(Batches.Of(Some.Numbered(1), Some.Numbered(2), Big(3), Some.Numbered(4)));
        output.EmitBatch(Batches.Of(Big(5)));
        output.Dispose();

        Assert.Equal(new[] { 1, 2, 4 }, _seq.Numbers);
        var stats = output.Snapshot();
        Assert.Equal((5L, 3L, 2L), (stats.Accepted, stats.Delivered, stats.LossFor(DeliveryLoss.Rejected)));
        Assert.Contains("over EventBodyLimitBytes (262144)", stats.LastError, StringComparison.Ordinal);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void ARequestOverSeqsPayloadLimit_IsRefusedWith413_AndTheErrorSaysToLowerBatchBytesLimit()
    {
        _seq.PayloadLimitBytes = 2000;
        var output = Create(FastOptions(_seq.Url.ToString(), d => { d.BatchSizeLimit = 100; d.BatchTimeLimit = TimeSpan.FromMinutes(1); }));

        output.EmitBatch(Batches.Numbered(1, 40));
        output.Dispose();

        var stats = output.Snapshot();
        Assert.Equal(40, stats.LossFor(DeliveryLoss.Rejected));
        Assert.StartsWith("HTTP 413", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("set Delivery.BatchBytesLimit (now 1048576) below the server's limit", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("raw payload limit of 2000 bytes", stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void ABatchBytesLimitBelowSeqsPayloadLimit_DeliversEverything()
    {
        _seq.PayloadLimitBytes = 2000;
        var output = Create(FastOptions(_seq.Url.ToString(), d => { d.BatchSizeLimit = 100; d.BatchBytesLimit = 1500; }));

        output.EmitBatch(Batches.Numbered(1, 40));
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 40), _seq.Numbers);
        Assert.True(_seq.Payloads.Count > 1);
    }

    [Fact]
    public void AnErrorBodyThatNeverEnds_IsGivenUpAfterTheRequestTimeout_AndTheRefusalStillCounts()
    {
        _seq.Faults.Enqueue(new ReceiverFault.StalledBody(400));
        var options = FastOptions(_seq.Url.ToString());
        options.RequestTimeout = FastDelivery.FaultTimeout;
        var output = Create(options);

        output.EmitBatch(Batches.Numbered(1, 5));
        Assert.True(SpinUntil(() => output.Snapshot().LossFor(DeliveryLoss.Rejected) == 5), "the refusal was counted while the body still hung");
        output.EmitBatch(Batches.Numbered(6, 5));
        output.Dispose();

        Assert.Equal(Enumerable.Range(6, 5), _seq.Numbers);
        var stats = output.Snapshot();
        Assert.Equal(0, stats.LossFor(DeliveryLoss.ShutdownTimeout));
        Assert.True(stats.IsConsistent);
    }
}
