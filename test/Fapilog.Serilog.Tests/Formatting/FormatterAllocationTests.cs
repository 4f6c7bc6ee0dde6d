using System;
using System.Buffers;
using System.Linq;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

[Collection(RunsAloneCollection.Name)]
public class FormatterAllocationTests
{
    private const int Batch = 1000;

    public static TheoryData<string> Formats => new() { nameof(FapilogFormat.Envelope), nameof(FapilogFormat.Clef), nameof(FapilogFormat.RenderedClef) };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Format_TypicalEventsInSteadyState_AllocateNothing(string format)
    {
        var formatter = FormatterFactory.Create(Enum.Parse<FapilogFormat>(format));
        var events = Enumerable.Range(0, Batch).Select(n => new FapilogEvent(
            Some.Event(template: "Order {OrderId} for {Customer} weighs {Weight} kg", properties: new (string, object?)[]
                { ("OrderId", n), ("Customer", "alice"), ("Weight", n * 0.5), ("SourceContext", "Shop.Orders") }),
            n, FapilogLevel.Information, Guid.NewGuid())).ToArray();
        var buffer = new ArrayBufferWriter<byte>(1 << 20);

        FormatAll(formatter, events, buffer);

        // Steady state is what every pass after the first shares: the least of three passes. A one-off allocation
        // of the runtime on this thread (a type initialised late, a tier-up) shows in one pass; a per-event one, in all.
        long allocated = long.MaxValue;
        var passes = new long[3];
        for (int pass = 0; pass < passes.Length; pass++)
        {
            buffer.ResetWrittenCount();
            long before = GC.GetAllocatedBytesForCurrentThread();
            FormatAll(formatter, events, buffer);
            passes[pass] = GC.GetAllocatedBytesForCurrentThread() - before;
            allocated = Math.Min(allocated, passes[pass]);
        }

        Assert.True(buffer.WrittenCount > Batch * 50, "the batch was formatted");
        Assert.True(allocated == 0, $"allocated {string.Join(" / ", passes)} bytes in three passes of {Batch} events");
    }

    [Fact]
    public void Format_EnvelopeWithDestructuredObjectInTheMessage_AllocatesNothing()
    {
        // {@Order} is rendered in the envelope's message too: its numbers must not be formatted into strings.
        var formatter = FormatterFactory.Create(FapilogFormat.Envelope);
        var events = Enumerable.Range(0, Batch).Select(n => new FapilogEvent(
            Some.Event(template: "Placed {@Order} for {Customer}", properties: new (string, object?)[]
            {
                ("Order", new StructureValue(
                [
                    new("Id", new ScalarValue(10_000 + n)),
                    new("Total", new ScalarValue(19.99m + n)),
                    new("Customer", new ScalarValue("alice")),
                ], "Order")),
                ("Customer", "alice"),
            }),
            n, FapilogLevel.Information, Guid.NewGuid())).ToArray();
        var buffer = new ArrayBufferWriter<byte>(1 << 20);

        FormatAll(formatter, events, buffer);
        long allocated = long.MaxValue;
        for (int pass = 0; pass < 3; pass++)
        {
            buffer.ResetWrittenCount();
            long before = GC.GetAllocatedBytesForCurrentThread();
            FormatAll(formatter, events, buffer);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(buffer.WrittenCount > Batch * 50, "the batch was formatted");
        Assert.True(allocated == 0, $"allocated {allocated} bytes for {Batch} events");
    }

    private static void FormatAll(IUtf8EventFormatter formatter, FapilogEvent[] events, ArrayBufferWriter<byte> buffer)
    {
        foreach (var e in events)
        {
            formatter.Format(e, buffer);
        }
    }
}
