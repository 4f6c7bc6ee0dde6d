using System;
using System.Buffers;
using System.Linq;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Outputs.Loki;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs.Loki;

[Collection(RunsAloneCollection.Name)]
public sealed class LokiRecordAllocationTests
{
    [Fact]
    public void Format_InSteadyState_AllocatesNothing_WithPropertyLabelsOfStringsAndNumbers()
    {
        IUtf8EventFormatter formatter = new LokiRecordFormatter("loki", LokiRecordFormatterTests.Options(o =>
        {
            o.Labels["app"] = "shop";
            o.PropertiesAsLabels.Add("Region");
            o.PropertiesAsLabels.Add("Shard");
            o.MaxLabelValuesPerLabel = 4;
        }));
        var events = Enumerable.Range(0, 1000).Select(n => new FapilogEvent(
            Some.Event(n % 7 == 0 ? LogEventLevel.Warning : LogEventLevel.Information, "Order {OrderId} in {Region} on {Shard}", properties: new (string, object?)[]
                { ("OrderId", n), ("Region", "eu-" + (n % 3)), ("Shard", n % 9) }),
            n, n % 7 == 0 ? FapilogLevel.Warning : FapilogLevel.Information, Guid.NewGuid())).ToArray();
        var buffer = new ArrayBufferWriter<byte>(1 << 21);
        foreach (var e in events)
        {
            formatter.Format(e, buffer);
        }

        // The least of three passes, as the formatters' own allocation test takes it; shard values past the fourth overflow.
        long allocated = long.MaxValue;
        for (int pass = 0; pass < 3; pass++)
        {
            buffer.ResetWrittenCount();
            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (var e in events)
            {
                formatter.Format(e, buffer);
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(buffer.WrittenCount > 1000 * 100, "the events were formatted");
        Assert.Equal(0, allocated);
    }
}
