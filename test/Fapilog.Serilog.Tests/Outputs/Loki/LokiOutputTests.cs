using System;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Loki;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs.Loki;

/// <summary>
/// The Loki output against a loopback Loki that implements the push API and injects faults. Assertions are on what Loki
/// kept and on the output's figures after its close, never on elapsed time; every wait is bounded.
/// </summary>
public sealed class LokiOutputTests : IAsyncLifetime
{
    private LoopbackLoki _loki = null!;

    public async Task InitializeAsync() => _loki = await LoopbackLoki.StartAsync();

    public async Task DisposeAsync() => await _loki.DisposeAsync();

    internal static FapilogLokiOptions FastOptions(string url, Action<FapilogDeliveryOptions>? delivery = null)
    {
        var options = new FapilogLokiOptions { Url = url, RequestTimeout = TimeSpan.FromSeconds(20) };
        options.Labels["app"] = "shop";
        FastDelivery.Apply(options.Delivery, delivery);
        return options;
    }

    internal static DeliveryOutput Create(FapilogLokiOptions options) =>
        FapilogLokiOutput.Create(options, LogEventLevel.Verbose, FapilogLokiOutput.Options);

    /// <summary>Event <c>n</c> happened <c>n</c> seconds and <c>n</c> ticks after 2020-02-03 04:05:06 UTC.</summary>
    internal static DateTimeOffset TimeOf(int n) => new DateTimeOffset(2020, 2, 3, 4, 5, 6, TimeSpan.Zero).AddSeconds(n).AddTicks(n);

    internal static FapilogEvent[] Events(int from, int count, Func<int, (string, object?)[]>? properties = null, Func<int, DateTimeOffset>? time = null) =>
        Batches.Of(Enumerable.Range(from, count)
            .Select(n => Some.Event(template: "Event {N}", timestamp: (time ?? TimeOf)(n), properties: [("N", n), .. properties?.Invoke(n) ?? []]))
            .ToArray());

    private static void Emit(DeliveryOutput output, int count, int first = 1, int perBatch = 10)
    {
        for (int from = first; from < first + count; from += perBatch)
        {
            output.EmitBatch(Events(from, Math.Min(perBatch, first + count - from)));
        }
    }

    [Fact]
    public void EveryEntry_CarriesItsEventsOwnTime_InUnixNanoseconds_NotTheTimeOfSending()
    {
        var output = Create(FastOptions(_loki.Url));

        Emit(output, 25);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 25), _loki.Numbers);
        Assert.All(_loki.Entries, e => Assert.Equal((TimeOf(e.Number).UtcTicks - DateTime.UnixEpoch.Ticks) * 100, e.Ns));
        Assert.All(_loki.Entries, e => Assert.Equal(TimeOf(e.Number).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), e.Json.GetProperty("log").GetProperty("timestamp").GetString()));
        Assert.All(_loki.Pushes, p => Assert.StartsWith("application/json", p.Headers["Content-Type"], StringComparison.Ordinal));
    }

    [Fact]
    public void ABatch_IsGroupedIntoOneStreamPerLabelSet_InTheOrderTheyFirstAppear_EachInEventOrder()
    {
        var options = FastOptions(_loki.Url, d => { d.BatchSizeLimit = 30; d.BatchTimeLimit = TimeSpan.FromMinutes(1); });
        options.Labels["env"] = "prod";
        options.PropertiesAsLabels.Add("Region");
        var output = Create(options);
        string[] regions = ["eu", "us", "ap"];

        output.EmitBatch(Events(1, 30, n => [("Region", regions[n % 3])]));
        output.Dispose();

        var push = Assert.Single(_loki.Pushes);
        Assert.Equal(new[] { "us", "ap", "eu" }, push.Streams.Select(s => s.Labels["Region"]));
        foreach (var stream in push.Streams)
        {
            Assert.Equal(new[] { "Region", "app", "env", "level" }, stream.Labels.Keys);
            Assert.Equal(("shop", "prod", "INFO"), (stream.Labels["app"], stream.Labels["env"], stream.Labels["level"]));
            var numbers = stream.Values.Select(v => new LokiEntry("fake", stream.Labels, string.Empty, v.Ns, v.Line).Number).ToList();
            Assert.Equal(Enumerable.Range(1, 30).Where(n => regions[n % 3] == stream.Labels["Region"]), numbers);
        }

        Assert.Equal(30, output.Snapshot().Delivered);
    }

    [Fact]
    public void Gzip_SendsCompressedBodies_ThatLokiReads()
    {
        var options = FastOptions(_loki.Url);
        options.Gzip = true;
        var output = Create(options);

        Emit(output, 30);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 30), _loki.Numbers);
        Assert.All(_loki.Pushes, p => Assert.Equal("gzip", p.Headers["Content-Encoding"]));
    }

    [Fact]
    public void EveryFault_IsRetried_AndEveryEntryArrivesExactlyOnce_InOrder()
    {
        foreach (var fault in new ReceiverFault[]
        {
            new ReceiverFault.Status(500),
            new ReceiverFault.Status(429, "0"),
            new ReceiverFault.Reset(),
            new ReceiverFault.Status(503, "1"),
            new ReceiverFault.Hang(),
            new ReceiverFault.Slow(TimeSpan.FromMilliseconds(50)),
            new ReceiverFault.Status(502),
        })
        {
            _loki.Faults.Enqueue(fault);
        }

        var options = FastOptions(_loki.Url);
        options.RequestTimeout = FastDelivery.FaultTimeout;
        var output = Create(options);

        Emit(output, 200);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 200), _loki.Numbers);
        var stats = output.Snapshot();
        Assert.Equal((200L, 200L, 0L), (stats.Accepted, stats.Delivered, stats.Failed + stats.Dropped + stats.Pending));
        FastDelivery.AssertEveryFailureRetriedOnce(stats, _loki, failing: 6); // the slow answer is taken
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public async Task ALokiDownForAWhile_IsRetried_AndEverythingArrivesInOrder_OnceItIsBack()
    {
        await _loki.StopAsync();
        var output = Create(FastOptions(_loki.Url));

        Emit(output, 50);
        Assert.True(SpinUntil(() => output.Snapshot().Requests >= 3), "the output tried the dead Loki");
        await _loki.StartAgainAsync();
        Emit(output, 50, first: 51);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 100), _loki.Numbers);
        var stats = output.Snapshot();
        Assert.Equal((100L, 100L), (stats.Accepted, stats.Delivered));
        Assert.True(stats.Retried >= 3);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void ALokiFailingLongerThanTheRetryTimeLimit_WithTheBreakerOff_FailsTheBatchAsRetryTimeExceeded()
    {
        _loki.Always = new ReceiverFault.Status(503);
        var output = Create(FastOptions(_loki.Url, d => { d.BreakerFailureThreshold = 0; d.RetryTimeLimit = TimeSpan.FromMilliseconds(100); }));

        output.EmitBatch(Events(1, 10));
        Assert.True(SpinUntil(() => output.Snapshot().LossFor(DeliveryLoss.RetryTimeExceeded) == 10), "the batch ran out of retry time");
        _loki.Always = null;
        output.EmitBatch(Events(11, 10));
        output.Dispose();

        Assert.Equal(Enumerable.Range(11, 10), _loki.Numbers);
        var stats = output.Snapshot();
        Assert.Equal((20L, 10L, 10L), (stats.Accepted, stats.Delivered, stats.LossFor(DeliveryLoss.RetryTimeExceeded)));
        Assert.True(stats.IsConsistent);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public void AnAuthorisationRefusal_IsPermanent_ForThatBatchOnly(int status)
    {
        _loki.Faults.Enqueue(new ReceiverFault.Status(status));
        var output = Create(FastOptions(_loki.Url));

        output.EmitBatch(Events(1, 10));
        Assert.True(SpinUntil(() => _loki.Requests == 1));
        output.EmitBatch(Events(11, 10));
        output.Dispose();

        Assert.Equal(Enumerable.Range(11, 10), _loki.Numbers);
        var stats = output.Snapshot();
        Assert.Equal((10L, 10L, 0L), (stats.LossFor(DeliveryLoss.Rejected), stats.Delivered, stats.Retried));
        Assert.StartsWith("HTTP " + status, stats.LastError, StringComparison.Ordinal);
    }


    internal static bool SpinUntil(Func<bool> condition) => System.Threading.SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(30));
}
