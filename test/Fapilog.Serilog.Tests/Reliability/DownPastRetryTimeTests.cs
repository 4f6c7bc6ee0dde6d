using System;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Elasticsearch;
using Fapilog.Serilog.Outputs.Http;
using Fapilog.Serilog.Outputs.Otlp;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Reliability;

/// <summary>
/// A backend that answers 503 for longer than the retry time, with the breaker off: each output retries, then fails the
/// batch as <c>retry_time_exceeded</c> with the backend's last answer, and its figures add up. (Seq and Loki have their
/// own such tests, with their own servers' texts.)
/// </summary>
public sealed class DownPastRetryTimeTests : IAsyncLifetime
{
    private LoopbackReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await LoopbackReceiver.StartAsync("/");
        _receiver.Always = new ReceiverFault.Status(503);
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private static void Quick(FapilogDeliveryOptions d) =>
        FastDelivery.Apply(d, o =>
        {
            o.BreakerFailureThreshold = 0;
            o.RetryTimeLimit = TimeSpan.FromMilliseconds(300);
            o.Spool = FapilogSpoolMode.Off;
        });

    private DeliveryOutput Create(string output)
    {
        string url = _receiver.Url.ToString();
        switch (output)
        {
            case "http":
                var http = new FapilogHttpOptions { Url = url };
                Quick(http.Delivery);
                return FapilogHttpOutput.Create(http, LogEventLevel.Verbose, OptionNaming.HttpOptions);
            case "otlp":
                var otlp = new FapilogOtlpOptions { Url = url, ReadEnvironment = false };
                Quick(otlp.Delivery);
                return FapilogOtlpOutput.Create(otlp, LogEventLevel.Verbose, FapilogOtlpOutput.OptionsNaming);
            default:
                var es = new FapilogElasticsearchOptions { Url = url };
                Quick(es.Delivery);
                return FapilogElasticsearchOutput.Create(es, LogEventLevel.Verbose, FapilogElasticsearchOutput.OptionsNaming);
        }
    }

    [Theory]
    [InlineData("http")]
    [InlineData("otlp")]
    [InlineData("elasticsearch")]
    public void ABackendDownLongerThanTheRetryTime_FailsTheBatchAsRetryTimeExceeded_AndTheFiguresAddUp(string output)
    {
        var delivery = Create(output);
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
