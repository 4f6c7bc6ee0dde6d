using System;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Delivery.Spool;

namespace Fapilog.Serilog.Tests.Delivery;

/// <summary>Holding events costs no allocation per event in steady state, in memory or in the spool.</summary>
public sealed class DeliveryAllocationTests
{
    private static readonly byte[] Record = new byte[180];

    /// <summary>Offers, publishes, takes and completes events in batches; returns the least bytes one round allocated.</summary>
    private static long LeastAllocated(DeliveryBuffer buffer, int events)
    {
        using var batch = new DeliveryBatch();
        long least = long.MaxValue;
        for (int round = 0; round < 4; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int n = 0; n < events; n += 100)
            {
                for (int k = 0; k < 100; k++)
                {
                    buffer.Offer(Record, isProtected: k % 10 == 0, arrived: n);
                }

                buffer.EndOffers();
                buffer.Take(batch, 1000, long.MaxValue);
                buffer.Complete(batch, null);
                batch.Clear();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(buffer.Snapshot("test", DeliveryBreakerState.Closed).IsConsistent);
        return least;
    }

    [Fact]
    public void TheMemoryLane_AllocatesNothingPerEvent_InSteadyState()
    {
        var buffer = new DeliveryBuffer(100_000, 64 * 1024 * 1024);

        Assert.Equal(0, LeastAllocated(buffer, 20_000));
    }

    [Theory]
    [InlineData(FapilogSpoolMode.Protected)]
    [InlineData(FapilogSpoolMode.All)]
    public void WithASpool_HoldingEvents_AllocatesNothingPerEvent_InSteadyState(FapilogSpoolMode mode)
    {
        using var folder = new TempFolder();
        using var spool = DiskSpool.Open(folder.Path, 256L * 1024 * 1024, 1024 * 1024) ?? throw new InvalidOperationException("locked");
        var buffer = new DeliveryBuffer(100_000, 64 * 1024 * 1024, spool, mode);

        // Per round of 20 000 events: far less than a byte per event (a segment's file, once in a while, is allowed).
        Assert.InRange(LeastAllocated(buffer, 20_000), 0, 2_000);
    }
}
