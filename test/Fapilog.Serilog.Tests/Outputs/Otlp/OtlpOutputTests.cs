using System;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Otlp;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs.Otlp;

/// <summary>
/// The OTLP output against a loopback collector that parses what it takes and injects faults. Assertions are on what
/// arrived and on the output's figures after its close, never on elapsed time; every wait is bounded.
/// </summary>
public sealed class OtlpOutputTests : IAsyncLifetime
{
    private OtlpReceiver _collector = null!;

    public async Task InitializeAsync() => _collector = await OtlpReceiver.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    internal static FapilogOtlpOptions FastOptions(string url, Action<FapilogDeliveryOptions>? delivery = null)
    {
        var options = new FapilogOtlpOptions { Url = url, RequestTimeout = TimeSpan.FromSeconds(20), ReadEnvironment = false };
        options.ResourceAttributes["service.name"] = "otlp-tests";
        FastDelivery.Apply(options.Delivery, delivery);
        return options;
    }

    internal static DeliveryOutput Create(FapilogOtlpOptions options) => FapilogOtlpOutput.Create(options, LogEventLevel.Verbose, FapilogOtlpOutput.OptionsNaming);

    internal static void EmitNumbered(DeliveryOutput output, int count, int perBatch = 10) => FastDelivery.EmitNumbered(output, count, perBatch);

    [Theory]
    [InlineData(FapilogOtlpProtocol.HttpProtobuf)]
    [InlineData(FapilogOtlpProtocol.HttpJson)]
    public void EveryRetryableFault_IsRetried_AndEveryEventArrivesExactlyOnce_InOrder(FapilogOtlpProtocol protocol)
    {
        foreach (var fault in new ReceiverFault[]
        {
            new ReceiverFault.Status(429, "0"),
            new ReceiverFault.Status(502),
            new ReceiverFault.Status(503, "Wed, 21 Oct 2015 07:28:00 GMT"),
            new ReceiverFault.Status(504),
            new ReceiverFault.Reset(),
            new ReceiverFault.Hang(),
            new ReceiverFault.Slow(TimeSpan.FromMilliseconds(50)),
        })
        {
            _collector.Inner.Faults.Enqueue(fault);
        }

        var options = FastOptions(_collector.BaseUrl);
        options.Protocol = protocol;
        options.RequestTimeout = FastDelivery.FaultTimeout;
        var output = Create(options);

        EmitNumbered(output, 200);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 200), _collector.Numbers);
        var stats = output.Snapshot();
        Assert.Equal(200, stats.Delivered);
        Assert.Equal(0, stats.Failed + stats.Dropped + stats.Pending);
        FastDelivery.AssertEveryFailureRetriedOnce(stats, _collector.Inner, failing: 6); // the slow answer is taken
        Assert.True(stats.IsConsistent);
        Assert.All(_collector.Inner.Accepted, r =>
        {
            Assert.Equal("/v1/logs", r.Path);
            Assert.Equal(protocol == FapilogOtlpProtocol.HttpJson ? "application/json" : "application/x-protobuf", r.Headers["Content-Type"]);
            Assert.StartsWith("Fapilog.Serilog/", r.Headers["User-Agent"], StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(400)]
    [InlineData(500)]
    [InlineData(401)]
    public void ANonRetryableStatus_FailsThatBatchAsRejected_NamingTheCollectorsReason_AndTheNextGoes(int status)
    {
        _collector.Inner.Faults.Enqueue(new ReceiverFault.Status(status, Bytes: OtlpReceiver.StatusBody("no such tenant"), ContentType: "application/x-protobuf"));
        var output = Create(FastOptions(_collector.BaseUrl));

        output.EmitBatch(Batches.Numbered(1, 10));
        Assert.True(System.Threading.SpinWait.SpinUntil(() => _collector.Inner.Requests == 1, TimeSpan.FromSeconds(30)));
        output.EmitBatch(Batches.Numbered(11, 10));
        output.Dispose();

        Assert.Equal(Enumerable.Range(11, 10), _collector.Numbers);
        var stats = output.Snapshot();
        Assert.Equal(10, stats.LossFor(DeliveryLoss.Rejected));
        Assert.Equal(10, stats.Delivered);
        Assert.Equal(0, stats.Retried);
        Assert.StartsWith($"HTTP {status} ", stats.LastError, StringComparison.Ordinal);
        Assert.EndsWith(": no such tenant", stats.LastError, StringComparison.Ordinal);
        Assert.True(stats.IsConsistent);
    }

    [Theory]
    [InlineData(FapilogOtlpProtocol.HttpProtobuf)]
    [InlineData(FapilogOtlpProtocol.HttpJson)]
    public void Gzip_SendsCompressedBodies_ThatDecodeToEveryRecord(FapilogOtlpProtocol protocol)
    {
        var options = FastOptions(_collector.BaseUrl);
        options.Protocol = protocol;
        options.Compression = FapilogOtlpCompression.Gzip;
        var output = Create(options);

        EmitNumbered(output, 50);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 50), _collector.Numbers);
        Assert.All(_collector.Inner.Accepted, r =>
        {
            Assert.Equal("gzip", r.Headers["Content-Encoding"]);
            Assert.Equal((byte)0x1f, r.Body[0]);
        });
        Assert.All(_collector.Records, r => Assert.Equal("otlp-tests", r.Resource["service.name"]));
    }

    [Fact]
    public void ConfiguredHeaders_GoWithEveryRequest_AndAFullEndpointUrlIsUsedAsItIs()
    {
        var options = FastOptions(_collector.BaseUrl + "/v1/logs");
        options.Headers["Authorization"] = "Bearer t0ken";
        options.Headers["X-Scope-OrgID"] = "tenant-1";
        var output = Create(options);

        EmitNumbered(output, 25);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 25), _collector.Numbers);
        Assert.All(_collector.Inner.Accepted, r =>
        {
            Assert.Equal("/v1/logs", r.Path);
            Assert.Equal("Bearer t0ken", r.Headers["Authorization"]);
            Assert.Equal("tenant-1", r.Headers["X-Scope-OrgID"]);
        });
    }


    [Fact]
    public void ManyEvents_ThroughAPipeline_AllArriveInOrder_AndTheCountsAddUpExactly()
    {
        const int Count = 20_000;
        var options = FastOptions(_collector.BaseUrl, d => { d.BatchSizeLimit = 1000; d.BufferEventLimit = Count + 1000; });
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogOtlp(options), new FapilogPipelineOptions
            {
                Name = "otlp-many", FullMode = QueueFullMode.Wait, MaxWait = System.Threading.Timeout.InfiniteTimeSpan, FlushOnProcessExit = false,
            }, out var pipeline)
            .CreateLogger())
        {
            for (int n = 1; n <= Count; n++)
            {
                logger.Information("Event {N} for {Customer}", n, "alice");
            }

            Assert.False(pipeline.Flush(TimeSpan.FromSeconds(60)).TimedOut);
            var stats = pipeline.GetStats();
            Assert.Equal(Count, stats.Received);
            Assert.Equal(Count, stats.Written);
        }

        Assert.Equal(Enumerable.Range(1, Count), _collector.Numbers);
    }
}
