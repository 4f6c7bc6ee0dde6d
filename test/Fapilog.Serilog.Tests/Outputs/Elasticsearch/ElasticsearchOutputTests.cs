using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Elasticsearch;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs.Elasticsearch;

/// <summary>
/// The Elasticsearch output against the loopback Elasticsearch: what is stored where, and the output's exact figures
/// after its close, per item and per request. Never an assertion on elapsed time; every wait is bounded.
/// </summary>
public sealed class ElasticsearchOutputTests : IAsyncLifetime
{
    private LoopbackElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await LoopbackElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    internal static FapilogElasticsearchOptions FastOptions(string url, Action<FapilogDeliveryOptions>? delivery = null)
    {
        var options = new FapilogElasticsearchOptions { Url = url, RequestTimeout = TimeSpan.FromSeconds(20) };
        var d = options.Delivery;
        d.BatchSizeLimit = 10;
        d.BatchTimeLimit = TimeSpan.FromMinutes(1); // a batch goes when full, or at the close
        d.MinRetryDelay = TimeSpan.FromMilliseconds(5);
        d.MaxRetryDelay = TimeSpan.FromMilliseconds(40);
        d.BreakerFailureThreshold = 3;
        d.BreakDuration = TimeSpan.FromMilliseconds(50);
        d.CloseTimeout = TimeSpan.FromSeconds(20);
        delivery?.Invoke(d);
        return options;
    }

    internal static DeliveryOutput Create(FapilogElasticsearchOptions options) =>
        FapilogElasticsearchOutput.Create(options, LogEventLevel.Verbose, FapilogElasticsearchOutput.OptionsNaming);

    internal static void EmitNumbered(DeliveryOutput output, int count, int from = 1)
    {
        for (int n = from; n < from + count; n += 10)
        {
            output.EmitBatch(Batches.Numbered(n, Math.Min(10, from + count - n)));
        }
    }

    internal static void AssertExact(DeliveryStats stats, long accepted, long delivered, long rejected = 0)
    {
        Assert.Equal(accepted, stats.Accepted);
        Assert.Equal(delivered, stats.Delivered);
        Assert.Equal(rejected, stats.LossFor(DeliveryLoss.Rejected));
        Assert.Equal(rejected, stats.Failed);
        Assert.Equal(0, stats.Dropped + stats.Pending);
        Assert.Equal(stats.Accepted, stats.Delivered + stats.Failed + stats.Dropped + stats.Pending);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void Documents_GoToTheDefaultDataStream_WithTimestampFirst_TheEventsTime_AndTheMessageIdAsId()
    {
        var at = new DateTimeOffset(2026, 12, 2, 1, 30, 15, 678, TimeSpan.FromHours(2));
        var events = Enumerable.Range(1, 3).Select(n => FapilogEvent.Standalone(Some.Event(template: "Event {N}", timestamp: at.AddMinutes(n), properties: ("N", n)))).ToArray();
        var output = Create(FastOptions(_es.Url.ToString()));

        output.EmitBatch(events);
        output.Dispose();

        var bulk = Assert.Single(_es.Bulks);
        Assert.Equal("/_bulk", bulk.Path);
        Assert.Equal("application/x-ndjson; charset=utf-8", bulk.Headers["Content-Type"]);
        Assert.Equal(new[] { 1, 2, 3 }, _es.Numbers);
        foreach (var (document, n) in _es.Documents.Zip(new[] { 1, 2, 3 }))
        {
            Assert.Equal("logs-generic-default", document.Target);
            Assert.StartsWith(".ds-logs-generic-default-", document.Index, StringComparison.Ordinal);
            Assert.Equal("create", document.Operation);
            var first = document.Source.EnumerateObject().First();
            Assert.Equal("@timestamp", first.Name);
            Assert.Equal(at.AddMinutes(n).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), first.Value.GetString());
            Assert.Equal(first.Value.GetString(), document.Source.GetProperty("log").GetProperty("timestamp").GetString());
            Assert.Equal("1.1", document.Source.GetProperty("schema_version").GetString());
            Assert.Equal(document.Id, document.Source.GetProperty("log").GetProperty("context").GetProperty("message_id").GetString());
            Assert.Equal(events[n - 1].MessageId.ToString(), document.Id);
        }

        AssertExact(output.Snapshot(), 3, 3);
    }

    [Fact]
    public void ADatedIndex_TakesEachEventByItsUtcTime_AndTheIndexOperationWhenAsked()
    {
        var options = FastOptions(_es.Url.ToString());
        options.Index = "app-{0:yyyy.MM.dd}";
        options.Operation = FapilogElasticsearchOperation.Index;
        options.Format = FapilogFormat.Clef;
        var output = Create(options);

        // 23:30 at +01:00 is 22:30 UTC on the same day; 00:30 at -02:00 is 02:30 UTC on the next.
        output.EmitBatch(Batches.Of(
            Some.Event(template: "Event {N}", timestamp: new DateTimeOffset(2026, 3, 9, 23, 30, 0, TimeSpan.FromHours(1)), properties: ("N", 1)),
            Some.Event(template: "Event {N}", timestamp: new DateTimeOffset(2026, 3, 10, 0, 30, 0, TimeSpan.FromHours(-2)), properties: ("N", 2)),
            Some.Event(template: "Event {N}", timestamp: new DateTimeOffset(2026, 3, 10, 0, 30, 0, TimeSpan.FromHours(3)), properties: ("N", 3))));
        output.Dispose();

        Assert.Equal(new[] { "app-2026.03.09", "app-2026.03.10", "app-2026.03.09" }, _es.Documents.Select(d => d.Index));
        Assert.All(_es.Documents, d => Assert.Equal("index", d.Operation));
        Assert.All(_es.Documents, d => Assert.Equal("@timestamp", d.Source.EnumerateObject().First().Name));
        Assert.Equal(new[] { 1, 2, 3 }, _es.Numbers);
        AssertExact(output.Snapshot(), 3, 3);
    }

    [Fact]
    public void PerItem429sAnd503s_AreRetriedAlone_InTheirOrder_AndEveryEventArrivesOnce()
    {
        _es.ItemFaults.Enqueue(new Dictionary<int, int> { [1] = 429, [3] = 503, [6] = 429 });
        _es.ItemFaults.Enqueue(new Dictionary<int, int> { [0] = 429 }); // the retry: event 2 is refused once more
        var output = Create(FastOptions(_es.Url.ToString()));

        EmitNumbered(output, 10);
        output.Dispose();

        var bulks = _es.Bulks;
        Assert.Equal(3, bulks.Count);
        Assert.Equal(new[] { 2, 4, 7 }, NumbersSent(bulks[1]));
        Assert.Equal(new[] { 2 }, NumbersSent(bulks[2]));
        Assert.Equal(new[] { 1, 3, 5, 6, 8, 9, 10, 4, 7, 2 }, _es.Numbers);
        var stats = output.Snapshot();
        AssertExact(stats, 10, 10);
        Assert.Equal(2, stats.Retried);
        Assert.Equal(3, stats.Requests);
        Assert.Equal(DeliveryBreakerState.Closed, stats.Breaker);
    }

    [Fact]
    public void Rejected400Items_AreCountedAsRejected_NotSentAgain_WhileTheOthersOfTheirRequestAreDelivered()
    {
        _es.ItemFaults.Enqueue(new Dictionary<int, int> { [2] = 400, [5] = 400, [7] = 429 });
        var output = Create(FastOptions(_es.Url.ToString()));

        EmitNumbered(output, 10);
        EmitNumbered(output, 10, from: 11);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 20).Except(new[] { 3, 6 }).OrderBy(n => n == 8 ? 10.5 : n), _es.Numbers);
        var stats = output.Snapshot();
        AssertExact(stats, 20, 18, rejected: 2);
        Assert.Contains("bulk: 2 rejected, 1 to retry of 10; item 2: 400 document_parsing_exception", stats.LastError ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(new[] { 8 }, NumbersSent(_es.Bulks[1]));
    }

    [Fact]
    public void AResendAfterALostAnswer_AddsNoDocumentTwice_ItsConflictsCountAsDelivered()
    {
        // The cluster stores the batch, then the connection breaks before its answer: the resend finds every id there.
        _es.Faults.Enqueue(new ReceiverFault.LostAnswer());
        var output = Create(FastOptions(_es.Url.ToString()));

        EmitNumbered(output, 10);
        output.Dispose();

        Assert.Equal(2, _es.Bulks.Count);
        Assert.Equal(Enumerable.Range(1, 10), _es.Numbers);
        var stats = output.Snapshot();
        AssertExact(stats, 10, 10);
        Assert.Equal(1, stats.Retried);
    }

    [Fact]
    public void AnAnswerWhoseBodyStalls_TimesOutWithinTheRequestTimeout_AndTheResendAddsNothingTwice()
    {
        // Headers and half the items arrive, then nothing: only the bound on reading the body lets the output go on.
        _es.Faults.Enqueue(new ReceiverFault.StalledAnswer());
        var options = FastOptions(_es.Url.ToString());
        options.RequestTimeout = TimeSpan.FromMilliseconds(500);
        var output = Create(options);

        EmitNumbered(output, 10);
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 10), _es.Numbers);
        var stats = output.Snapshot();
        AssertExact(stats, 10, 10);
        Assert.StartsWith("timeout", stats.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutDocumentIds_TheClusterMakesThem_AndAResendAfterALostAnswerDuplicates()
    {
        _es.Faults.Enqueue(new ReceiverFault.LostAnswer());
        var options = FastOptions(_es.Url.ToString());
        options.SetDocumentIds = false;
        var output = Create(options);

        EmitNumbered(output, 10);
        output.Dispose();

        Assert.DoesNotContain("\"_id\"", _es.Bulks[0].Text, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 10).Concat(Enumerable.Range(1, 10)), _es.Numbers);
        Assert.Equal(20, _es.Documents.Select(d => d.Id).Distinct().Count());
        AssertExact(output.Snapshot(), 10, 10);
    }

    [Fact]
    public void WholeRequestFaults_AreRetried_AndEveryEventArrivesExactlyOnce_InOrder()
    {
        var back = new TaskCompletionSource();
        foreach (var fault in new ReceiverFault[]
        {
            new ReceiverFault.Status(500),
            new ReceiverFault.Status(429, "0"),
            new ReceiverFault.Reset(),
            new ReceiverFault.Status(503, "Wed, 21 Oct 2015 07:28:00 GMT"),
            new ReceiverFault.Hang(),
            new ReceiverFault.Slow(TimeSpan.FromMilliseconds(50)),
            new ReceiverFault.Status(502),
            new ReceiverFault.LostAnswer(),
            new ReceiverFault.Down(back.Task),
        })
        {
            _es.Faults.Enqueue(fault);
        }

        var options = FastOptions(_es.Url.ToString());
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        var output = Create(options);

        EmitNumbered(output, 100);
        Assert.True(System.Threading.SpinWait.SpinUntil(() => _es.Requests >= 13, TimeSpan.FromSeconds(30)), "the outage saw a few requests");
        back.SetResult();
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 100), _es.Numbers);
        var stats = output.Snapshot();
        AssertExact(stats, 100, 100);
        Assert.True(stats.Retried >= 12, $"retried {stats.Retried}");
    }

    private static int[] NumbersSent(LoopbackElasticsearch.BulkRequest bulk) =>
        bulk.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 1)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("log").GetProperty("data").GetProperty("N").GetInt32()).ToArray();
}
