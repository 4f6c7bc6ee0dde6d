using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Http;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs.Http;

/// <summary>
/// The HTTP output against a real Kestrel receiver on loopback that injects faults. Assertions are on what arrived and
/// on the output's figures after its close, never on elapsed time; every wait is bounded.
/// </summary>
public sealed class HttpOutputTests : IAsyncLifetime
{
    private LoopbackReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await LoopbackReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    internal static FapilogHttpOptions FastOptions(string url, Action<FapilogDeliveryOptions>? delivery = null)
    {
        var options = new FapilogHttpOptions { Url = url, Format = FapilogFormat.Clef, RequestTimeout = TimeSpan.FromSeconds(20) };
        FastDelivery.Apply(options.Delivery, delivery);
        return options;
    }

    private static DeliveryOutput Create(FapilogHttpOptions options) =>
        FapilogHttpOutput.Create(options, LogEventLevel.Verbose, OptionNaming.HttpOptions);

    internal static void EmitNumbered(DeliveryOutput output, int count, int perBatch = 10) => FastDelivery.EmitNumbered(output, count, perBatch);

    [Fact]
    public void EveryFault_IsRetried_AndEveryEventArrivesExactlyOnce_InOrder()
    {
        foreach (var fault in new ReceiverFault[]
        {
            new ReceiverFault.Status(500),
            new ReceiverFault.Status(429, "0"),
            new ReceiverFault.Reset(),
            new ReceiverFault.Status(503, "Wed, 21 Oct 2015 07:28:00 GMT"),
            new ReceiverFault.Hang(),
            new ReceiverFault.Slow(TimeSpan.FromMilliseconds(50)),
            new ReceiverFault.Status(502),
            new ReceiverFault.Status(408),
        })
        {
            _receiver.Faults.Enqueue(fault);
        }

        var options = FastOptions(_receiver.Url.ToString());
        options.RequestTimeout = FastDelivery.FaultTimeout;
        var output = Create(options);

        EmitNumbered(output, 200);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 200), _receiver.Numbers);
        var stats = output.Snapshot();
        Assert.Equal(200, stats.Accepted);
        Assert.Equal(200, stats.Delivered);
        Assert.Equal(0, stats.Failed + stats.Dropped + stats.Pending);
        FastDelivery.AssertEveryFailureRetriedOnce(stats, _receiver, failing: 7); // the slow answer is taken
        Assert.True(stats.IsConsistent);
        Assert.Equal(DeliveryBreakerState.Closed, stats.Breaker);
    }

    [Fact]
    public void ABackendDownLongerThanTheBreakerTolerates_OpensIt_AndNothingHeldIsLost()
    {
        for (int i = 0; i < 12; i++)
        {
            _receiver.Faults.Enqueue(new ReceiverFault.Status(503));
        }

        // Every failure opens the breaker, so the batch is held from the first one on, far past its retry time limit.
        var output = Create(FastOptions(_receiver.Url.ToString(), d => { d.BreakerFailureThreshold = 1; d.RetryTimeLimit = TimeSpan.FromMilliseconds(10); }));
        EmitNumbered(output, 100);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 100), _receiver.Numbers);
        var stats = output.Snapshot();
        Assert.Equal(100, stats.Delivered);
        FastDelivery.AssertEveryFailureRetriedOnce(stats, _receiver, failing: 12);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void AnOutageDuringSteadyLogging_ThroughAPipeline_LosesNothing_AndEverythingArrivesInOrderAfterRecovery()
    {
        _receiver.Always = new ReceiverFault.Status(503);
        var options = FastOptions(_receiver.Url.ToString());
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogHttp(options), new FapilogPipelineOptions { Name = "http-outage" })
            .CreateLogger())
        {
            for (int n = 1; n <= 300; n++)
            {
                logger.Information("Event {N}", n);
            }

            Assert.True(SpinUntil(() => _receiver.Requests >= 6), "the backend saw the output retry");
            for (int n = 301; n <= 600; n++)
            {
                logger.Information("Event {N}", n);
            }

            _receiver.Always = null;
        }

        Assert.Equal(Enumerable.Range(1, 600), _receiver.Numbers);
    }

    [Fact]
    public void AnExplicitFlush_OfThePipeline_SendsAPartialBatchAtOnce_AndReturnsOnceItArrived()
    {
        // An hour's batch time limit and a batch that does not fill: only the deep flush can send these events.
        var options = FastOptions(_receiver.Url.ToString(), d => d.BatchTimeLimit = TimeSpan.FromHours(1));
        using var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogHttp(options), new FapilogPipelineOptions { Name = "http-flush", FlushOnProcessExit = false }, out var pipeline)
            .CreateLogger();
        for (int n = 1; n <= 7; n++)
        {
            logger.Information("Event {N}", n);
        }

        var result = pipeline.Flush(TimeSpan.FromSeconds(30));

        Assert.False(result.TimedOut);
        Assert.Equal(Enumerable.Range(1, 7), _receiver.Numbers);
    }

    [Fact]
    public void AnExplicitFlush_WithAHungBackend_WaitsOnlyTheOutputsCloseTimeout_AndKeepsTheEventsForLater()
    {
        _receiver.Always = new ReceiverFault.Hang();
        var options = FastOptions(_receiver.Url.ToString(), d => { d.BatchTimeLimit = TimeSpan.FromHours(1); d.CloseTimeout = TimeSpan.FromMilliseconds(300); });
        options.RequestTimeout = TimeSpan.FromMinutes(10);
        using var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogHttp(options), new FapilogPipelineOptions { Name = "http-flush-hung", FlushOnProcessExit = false }, out var pipeline)
            .CreateLogger();
        logger.Information("Event {N}", 1);

        // Bounded by the output's 300 ms, far inside the pipeline's 30 s: the writer is not held by the backend.
        var result = pipeline.Flush(TimeSpan.FromSeconds(30));

        Assert.False(result.TimedOut);
        Assert.True(SpinUntil(() => _receiver.Requests == 1), "the deep flush sent the partial batch");
        Assert.Empty(_receiver.Accepted);
    }

    [Fact]
    public void APermanentRefusal_FailsThatBatchOnly_AndCountsIt()
    {
        _receiver.Faults.Enqueue(new ReceiverFault.Status(400));
        var output = Create(FastOptions(_receiver.Url.ToString()));

        output.EmitBatch(Batches.Numbered(1, 10));
        Assert.True(SpinUntil(() => _receiver.Requests == 1));
        output.EmitBatch(Batches.Numbered(11, 10));
        output.Dispose();

        Assert.Equal(Enumerable.Range(11, 10), _receiver.Numbers);
        var stats = output.Snapshot();
        Assert.Equal(10, stats.LossFor(DeliveryLoss.Rejected));
        Assert.Equal(10, stats.Delivered);
        Assert.StartsWith("HTTP 400", stats.LastError, StringComparison.Ordinal);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void ARedirect_IsNotFollowed_AndFailsTheBatchAsRejected_SayingWhy()
    {
        // The redirect points back at the receiver itself: a client that followed it would deliver the batch there.
        _receiver.Faults.Enqueue(new ReceiverFault.Redirect(307, new Uri(_receiver.Url, "/moved").ToString()));
        var output = Create(FastOptions(_receiver.Url.ToString()));

        output.EmitBatch(Batches.Numbered(1, 10));
        Assert.True(SpinUntil(() => _receiver.Requests == 1));
        output.EmitBatch(Batches.Numbered(11, 10));
        output.Dispose();

        Assert.Equal(Enumerable.Range(11, 10), _receiver.Numbers);
        Assert.Equal(2, _receiver.Requests);
        var stats = output.Snapshot();
        Assert.Equal(10, stats.LossFor(DeliveryLoss.Rejected));
        Assert.Equal(0, stats.Retried);
        Assert.StartsWith("HTTP 307", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("redirects are not followed", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("/moved", stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_SendsTheWebhookHeaders_AndTheSignatureVerifiesOverTheExactBody()
    {
        var options = FastOptions(_receiver.Url.ToString());
        options.SigningSecret = "s3cret-key";
        var output = Create(options);

        EmitNumbered(output, 30);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 30), _receiver.Numbers);
        foreach (var request in _receiver.Accepted)
        {
            string timestamp = request.Headers["X-Fapilog-Timestamp"];
            Assert.True(long.TryParse(timestamp, out long seconds) && seconds > 1_700_000_000);
            byte[] signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
            string expected = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret-key"), signed)).ToLowerInvariant();
            Assert.Equal(expected, request.Headers["X-Fapilog-Signature-256"]);
        }
    }

    [Fact]
    public void Ndjson_IsTheDefault_OneEventPerLine_WithTheHeadersGiven()
    {
        // A long time limit: the one full batch goes as one request.
        var options = FastOptions(_receiver.Url.ToString(), d => d.BatchTimeLimit = TimeSpan.FromMinutes(1));
        options.Headers["Authorization"] = "Bearer abc";
        options.Headers["X-Tenant"] = "blue";
        var output = Create(options);

        EmitNumbered(output, 10);
        output.Dispose();

        var request = Assert.Single(_receiver.Accepted);
        Assert.Equal("application/x-ndjson; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal("Bearer abc", request.Headers["Authorization"]);
        Assert.Equal("blue", request.Headers["X-Tenant"]);
        Assert.False(request.Headers.ContainsKey("X-Fapilog-Signature-256"));
        Assert.EndsWith("\n", request.Text, StringComparison.Ordinal);
        Assert.Equal(10, request.Text.Count(c => c == '\n'));
        Assert.Equal(Enumerable.Range(1, 10), _receiver.Numbers);
    }

    [Fact]
    public void AContentTypeHeader_ReplacesTheDefaultOne()
    {
        var options = FastOptions(_receiver.Url.ToString());
        options.Headers["Content-Type"] = "application/vnd.acme.logs+ndjson";
        var output = Create(options);

        output.EmitBatch(Batches.Numbered(1, 3));
        output.Dispose();

        var request = Assert.Single(_receiver.Accepted);
        Assert.Equal("application/vnd.acme.logs+ndjson", request.Headers["Content-Type"]);
        Assert.Equal(3, request.Text.Count(c => c == '\n'));
    }

    [Fact]
    public void JsonArray_SendsOneArrayPerRequest()
    {
        // A long time limit: the partial batch goes at the close, as one request.
        var options = FastOptions(_receiver.Url.ToString(), d => d.BatchTimeLimit = TimeSpan.FromMinutes(1));
        options.BodyFormat = FapilogHttpBodyFormat.JsonArray;
        options.Format = FapilogFormat.Envelope;
        var output = Create(options);

        output.EmitBatch(Batches.Numbered(1, 7));
        output.Dispose();

        var request = Assert.Single(_receiver.Accepted);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        var events = request.Events().ToList();
        Assert.Equal(7, events.Count);
        Assert.Equal(Enumerable.Range(1, 7).Select(n => $"Event {n}"), events.Select(e => e.GetProperty("log").GetProperty("message").GetString()));
    }



    [Fact]
    public void EmitBatch_AfterDispose_Throws_AndDisposeIsIdempotent()
    {
        var output = Create(FastOptions(_receiver.Url.ToString()));
        output.Dispose();
        output.Dispose();

        Assert.Throws<ObjectDisposedException>(() => output.EmitBatch(Batches.Numbered(1, 1)));
    }

    /// <summary>A loopback URL nothing listens on: a port the system handed out and took back.</summary>
    internal static string DeadUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/logs";
    }

    private static bool SpinUntil(Func<bool> condition) => System.Threading.SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(30));
}
