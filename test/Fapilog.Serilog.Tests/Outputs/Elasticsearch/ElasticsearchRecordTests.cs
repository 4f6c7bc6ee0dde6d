using System;
using System.Buffers;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Outputs.Elasticsearch;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Elasticsearch;

/// <summary>An event's record (its action line and its document line, exact bytes) and how a bulk response is read.</summary>
[Collection(RunsAloneCollection.Name)]
public sealed class ElasticsearchRecordTests
{
    [Theory]
    [InlineData(FapilogFormat.Envelope)]
    [InlineData(FapilogFormat.Clef)]
    public void ARecord_IsTheActionLine_ThenTimestampFirst_ThenTheFormatsOwnFields(FapilogFormat format)
    {
        var e = Some.Numbered(7);
        string line = Formatted.Utf8(FormatterFactory.Create(format), e);
        var records = new BulkRecordFormatter(FormatterFactory.Create(format), "logs-a-b", FapilogElasticsearchOperation.Create, ids: true);

        string record = Formatted.Utf8(records, e);

        Assert.Equal(
            "{\"create\":{\"_index\":\"logs-a-b\",\"_id\":\"" + Formatted.MessageId + "\"}}\n{\"@timestamp\":\"2026-01-15T10:30:00.123Z\"," + line[1..],
            record);
    }

    [Fact]
    public void WithoutIds_AndADatedIndex_TheActionNamesTheEventsUtcDay()
    {
        var e = Some.Event(template: "x", timestamp: new DateTimeOffset(2026, 1, 1, 0, 30, 0, TimeSpan.FromHours(1)));
        var records = new BulkRecordFormatter(FormatterFactory.Create(FapilogFormat.Clef), "app-{0:yyyy.MM.dd}", FapilogElasticsearchOperation.Index, ids: false);

        string record = Formatted.Utf8(records, e);

        Assert.StartsWith("{\"index\":{\"_index\":\"app-2025.12.31\"}}\n{\"@timestamp\":\"2025-12-31T23:30:00.000Z\",\"@t\":", record, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_InSteadyState_AllocateNothing_WithADatedIndexAndIds()
    {
        var records = new BulkRecordFormatter(FormatterFactory.Create(FapilogFormat.Envelope), "logs-{0:yyyy.MM.dd}", FapilogElasticsearchOperation.Create, ids: true);
        var events = Enumerable.Range(0, 1000).Select(n => new FapilogEvent(
            Some.Event(template: "Order {OrderId} for {Customer}", timestamp: Some.Timestamp.AddMilliseconds(n), properties: new (string, object?)[] { ("OrderId", n), ("Customer", "alice") }),
            n, FapilogLevel.Information, Guid.NewGuid())).ToArray();
        var buffer = new ArrayBufferWriter<byte>(1 << 22);
        foreach (var e in events)
        {
            records.Format(e, buffer);
        }

        long least = long.MaxValue;
        for (int pass = 0; pass < 3; pass++)
        {
            buffer.ResetWrittenCount();
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var e in events)
            {
                records.Format(e, buffer);
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(buffer.WrittenCount > 1000 * 200, "the events were formatted");
        Assert.Equal(0, least);
    }

    [Fact]
    public void AResponseWithFewerItemsThanEvents_RetriesTheOnesItDidNotAnswer()
    {
        var batch = BatchOf(4);
        string body = """{"took":1,"errors":true,"items":[{"create":{"_index":"a","status":201}},{"create":{"_index":"a","status":400,"error":{"type":"document_parsing_exception","reason":"bad"}}}]}""";

        var outcome = BulkResponse.Read(Encoding.UTF8.GetBytes(body), batch, conflictMeansDelivered: true);

        Assert.Equal(DeliveryOutcomeKind.PerItem, outcome.Kind);
        Assert.Equal(new[] { DeliveryVerdict.Delivered, DeliveryVerdict.Rejected, DeliveryVerdict.Retry, DeliveryVerdict.Retry }, Enumerable.Range(0, 4).Select(batch.VerdictOf));
        Assert.Equal("bulk: 1 rejected, 2 to retry of 4; item 1: 400 document_parsing_exception: bad", outcome.Error);
    }

    [Theory]
    [InlineData(true, "Delivered")]
    [InlineData(false, "Rejected")]
    public void AConflict_IsDeliveredOnlyWhenIdsAreOurs(bool conflictMeansDelivered, string verdict)
    {
        var batch = BatchOf(1);
        string body = """{"took":1,"errors":true,"items":[{"create":{"_index":"a","_id":"x","status":409,"error":{"type":"version_conflict_engine_exception","reason":"[x]: version conflict"}}}]}""";

        BulkResponse.Read(Encoding.UTF8.GetBytes(body), batch, conflictMeansDelivered);

        Assert.Equal(verdict, batch.VerdictOf(0).ToString());
    }

    [Theory]
    [InlineData("{\"took\":1,\"errors\":true,\"items\":[{\"create\":{\"status\":4")]
    [InlineData("<html>bad gateway</html>")]
    [InlineData("{\"took\":1,\"errors\":true}")]
    public void AGarbledOrCutResponse_IsTransientForTheWholeBatch(string body)
    {
        var batch = BatchOf(2);

        var outcome = BulkResponse.Read(Encoding.UTF8.GetBytes(body), batch, conflictMeansDelivered: true);

        Assert.Equal(DeliveryOutcomeKind.Transient, outcome.Kind);
        Assert.Equal(DeliveryVerdict.Delivered, batch.VerdictOf(0));
    }

    [Theory]
    [InlineData("""{"error":{"root_cause":[],"type":"illegal_argument_exception","reason":"bad request"},"status":400}""", "illegal_argument_exception: bad request")]
    [InlineData("""{"error":"Content-Type header [text/plain] is not supported","status":406}""", "Content-Type header [text/plain] is not supported")]
    [InlineData("<html>502 Bad Gateway</html>", null)]
    public void AnErrorBody_GivesItsTypeAndReason(string body, string? reason)
    {
        Assert.Equal(reason, BulkResponse.ErrorReason(Encoding.UTF8.GetBytes(body)));
    }

    private static DeliveryBatch BatchOf(int count)
    {
        var buffer = new DeliveryBuffer(100, 1 << 20);
        for (int i = 0; i < count; i++)
        {
            buffer.Offer(new byte[] { (byte)'\n' }, isProtected: false, arrived: 0);
        }

        var batch = new DeliveryBatch();
        buffer.Take(batch, count, 1 << 20);
        return batch;
    }
}
