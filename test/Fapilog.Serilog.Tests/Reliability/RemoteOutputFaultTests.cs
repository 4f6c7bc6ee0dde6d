using System;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Elasticsearch;
using Fapilog.Serilog.Outputs.Http;
using Fapilog.Serilog.Tests.Outputs.Http;
using Fapilog.Serilog.Outputs.Loki;
using Fapilog.Serilog.Outputs.Otlp;
using Fapilog.Serilog.Outputs.Seq;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Reliability;

/// <summary>
/// What every network output does with a backend that is dead, hangs, or answers 503 for longer than the retry time:
/// the same delivery stage, so one theory per fault over all five outputs. Each output's own suite tests what is its
/// own (its protocol's answers, its server's texts).
/// </summary>
public sealed class RemoteOutputFaultTests : IAsyncLifetime
{
    private LoopbackReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await LoopbackReceiver.StartAsync("/");

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    /// <summary>Creates output <paramref name="output"/> sending to <paramref name="baseUrl"/> (the generic HTTP output to its <c>/logs</c>).</summary>
    private static DeliveryOutput Create(string output, string baseUrl, Action<FapilogDeliveryOptions> delivery)
    {
        switch (output)
        {
            case "http":
                var http = new FapilogHttpOptions { Url = new Uri(new Uri(baseUrl), "/logs").ToString() };
                FastDelivery.Apply(http.Delivery, delivery);
                return FapilogHttpOutput.Create(http, LogEventLevel.Verbose, OptionNaming.HttpOptions);
            case "otlp":
                var otlp = new FapilogOtlpOptions { Url = baseUrl, ReadEnvironment = false };
                FastDelivery.Apply(otlp.Delivery, delivery);
                return FapilogOtlpOutput.Create(otlp, LogEventLevel.Verbose, FapilogOtlpOutput.OptionsNaming);
            case "seq":
                var seq = new FapilogSeqOptions { Url = baseUrl };
                FastDelivery.Apply(seq.Delivery, delivery);
                return FapilogSeqOutput.Create(seq, LogEventLevel.Verbose, FapilogSeqOutput.OptionsNaming);
            case "loki":
                var loki = new FapilogLokiOptions { Url = baseUrl };
                FastDelivery.Apply(loki.Delivery, delivery);
                return FapilogLokiOutput.Create(loki, LogEventLevel.Verbose, FapilogLokiOutput.Options);
            default:
                var es = new FapilogElasticsearchOptions { Url = baseUrl };
                FastDelivery.Apply(es.Delivery, delivery);
                return FapilogElasticsearchOutput.Create(es, LogEventLevel.Verbose, FapilogElasticsearchOutput.OptionsNaming);
        }
    }

    [Theory]
    [InlineData("http")]
    [InlineData("otlp")]
    [InlineData("seq")]
    [InlineData("loki")]
    [InlineData("elasticsearch")]
    public void Close_WithADeadBackend_ReturnsWithinItsBound_FailingAndCountingWhatWasLeft(string output)
    {
        // Long enough for a cold first request (the HTTP stack's first use) to be refused inside the bound, so the
        // close reports the backend's error; the dead backend keeps the drain busy until the bound either way.
        var delivery = Create(output, new Uri(HttpOutputTests.DeadUrl()).GetLeftPart(UriPartial.Authority), d => d.CloseTimeout = TimeSpan.FromSeconds(1.5));

        FastDelivery.EmitNumbered(delivery, 50);
        delivery.Dispose();

        var stats = delivery.Snapshot();
        Assert.Equal(50, stats.Accepted);
        Assert.Equal(0, stats.Delivered);
        Assert.Equal(50, stats.LossFor(DeliveryLoss.ShutdownTimeout));
        Assert.Equal(0, stats.Pending);
        Assert.True(stats.Requests >= 1);
        Assert.NotNull(stats.LastError);
        Assert.True(stats.IsConsistent);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("otlp")]
    [InlineData("seq")]
    [InlineData("loki")]
    [InlineData("elasticsearch")]
    public void Close_WithAHangingBackend_CancelsTheRequestInFlight_AndCountsItsEvents(string output)
    {
        _receiver.Always = new ReceiverFault.Hang();
        var delivery = Create(output, _receiver.BaseUrl.ToString(), d => d.CloseTimeout = TimeSpan.FromMilliseconds(300));

        FastDelivery.EmitNumbered(delivery, 25);
        delivery.Dispose();

        var stats = delivery.Snapshot();
        Assert.Equal(25, stats.LossFor(DeliveryLoss.ShutdownTimeout));
        Assert.Equal(0, stats.Delivered + stats.Pending);
        Assert.True(stats.IsConsistent);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("otlp")]
    [InlineData("elasticsearch")]
    public void ABackendDownLongerThanTheRetryTime_FailsTheBatchAsRetryTimeExceeded_AndTheFiguresAddUp(string output)
    {
        // Seq and Loki have this test in their own suites, with their servers' texts.
        _receiver.Always = new ReceiverFault.Status(503);
        var delivery = Create(output, _receiver.BaseUrl.ToString(), d =>
        {
            d.BreakerFailureThreshold = 0;
            d.RetryTimeLimit = TimeSpan.FromMilliseconds(300);
            d.Spool = FapilogSpoolMode.Off;
        });
        FastDelivery.EmitNumbered(delivery, 5, perBatch: 5);

        for (int i = 0; i < 3000 && delivery.Snapshot().LossFor(DeliveryLoss.RetryTimeExceeded) < 5; i++)
        {
            _receiver.AcceptedOne.Wait(TimeSpan.FromMilliseconds(10));
        }

        delivery.Dispose();
        var stats = delivery.Snapshot();
        Assert.Equal(5, stats.LossFor(DeliveryLoss.RetryTimeExceeded));
        Assert.Equal(0, stats.Delivered);
        Assert.True(stats.Retried >= 1, "retried before giving up");
        Assert.Contains("503", stats.LastError, StringComparison.Ordinal);
        Assert.True(stats.IsConsistent);
        Assert.Empty(_receiver.Accepted);
    }
}
