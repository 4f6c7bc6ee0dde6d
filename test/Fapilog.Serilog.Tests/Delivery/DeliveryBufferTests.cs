using System;
using System.Collections.Generic;
using System.Linq;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Tests.Delivery;

public sealed class DeliveryBufferTests
{
    private const long Now = 1_000;

    private static byte[] Line(int n, int size = 10)
    {
        var bytes = new byte[size];
        bytes[0] = (byte)n;
        return bytes;
    }

    private static List<int> TakeAll(DeliveryBuffer buffer)
    {
        var batch = new DeliveryBatch();
        buffer.Take(batch, int.MaxValue, long.MaxValue);
        buffer.Complete(batch, null);
        return Firsts(batch).ToList();
    }

    private static DeliveryStats Stats(DeliveryBuffer buffer) => buffer.Snapshot("test", DeliveryBreakerState.Closed);

    [Fact]
    public void Offer_WhenFullByCount_DropsTheNewOrdinaryEvent_AndCountsIt()
    {
        var buffer = new DeliveryBuffer(eventLimit: 3, bytesLimit: 1000);
        for (int n = 1; n <= 5; n++)
        {
            buffer.Offer(Line(n), isProtected: false, Now);
        }

        var stats = Stats(buffer);
        Assert.Equal(5, stats.Accepted);
        Assert.Equal(2, stats.LossFor(DeliveryLoss.BufferFull));
        Assert.Equal(3, stats.Pending);
        Assert.True(stats.IsConsistent);
        Assert.Equal(new[] { 1, 2, 3 }, TakeAll(buffer));
    }

    [Fact]
    public void Offer_WhenFullByBytes_DropsWhatDoesNotFit()
    {
        var buffer = new DeliveryBuffer(eventLimit: 100, bytesLimit: 25);
        buffer.Offer(Line(1, 10), false, Now);
        buffer.Offer(Line(2, 10), false, Now);
        buffer.Offer(Line(3, 10), false, Now);
        buffer.Offer(Line(4, 5), false, Now);

        Assert.Equal(new[] { 1, 2, 4 }, TakeAll(buffer));
        Assert.Equal(1, Stats(buffer).LossFor(DeliveryLoss.BufferFull));
    }

    [Fact]
    public void Offer_AProtectedEventWhenFull_DisplacesTheOldestWaitingOrdinaryEvent_KeepingOrder()
    {
        var buffer = new DeliveryBuffer(eventLimit: 4, bytesLimit: 1000);
        buffer.Offer(Line(1), true, Now);
        buffer.Offer(Line(2), false, Now);
        buffer.Offer(Line(3), false, Now);
        buffer.Offer(Line(4), true, Now);

        buffer.Offer(Line(5), true, Now);
        buffer.Offer(Line(6), false, Now);

        var stats = Stats(buffer);
        Assert.Equal(2, stats.LossFor(DeliveryLoss.BufferFull));
        Assert.True(stats.IsConsistent);
        Assert.Equal(new[] { 1, 3, 4, 5 }, TakeAll(buffer));
    }

    [Fact]
    public void Offer_AProtectedEvent_WithABatchInFlight_DisplacesOnlyWhatMakesRoom_AndNeverTheBatchInFlight()
    {
        // 30 events or 260 bytes; 15 events (150 bytes) in flight and 10 ordinary ones (100 bytes) waiting: 10 bytes free.
        var buffer = new DeliveryBuffer(eventLimit: 30, bytesLimit: 260);
        for (int n = 1; n <= 25; n++)
        {
            buffer.Offer(Line(n), isProtected: false, Now);
        }

        var inFlight = new DeliveryBatch();
        buffer.Take(inFlight, 15, long.MaxValue);

        // 20 bytes: displacing the oldest waiting event (16) makes room.
        buffer.Offer(Line(100, 20), isProtected: true, Now);

        // 120 bytes: even with all nine waiting ordinary events gone only 110 would be free, so none is given up for it.
        buffer.Offer(Line(101, 120), isProtected: true, Now);

        var stats = Stats(buffer);
        Assert.Equal(2, stats.LossFor(DeliveryLoss.BufferFull));
        Assert.Equal(25, stats.Pending);
        Assert.True(stats.IsConsistent);
        Assert.Equal(Enumerable.Range(1, 15), Firsts(inFlight));
        buffer.Complete(inFlight, null);
        Assert.Equal(Enumerable.Range(17, 9).Append(100), TakeAll(buffer));
    }

    [Fact]
    public void Offer_AProtectedEvent_IsDroppedOnlyWhenNoOrdinaryEventIsLeftToDisplace()
    {
        var buffer = new DeliveryBuffer(eventLimit: 3, bytesLimit: 1000);
        buffer.Offer(Line(1), false, Now);
        buffer.Offer(Line(2), true, Now);
        buffer.Offer(Line(3), false, Now);

        buffer.Offer(Line(4), true, Now);
        buffer.Offer(Line(5), true, Now);
        buffer.Offer(Line(6), true, Now);

        var stats = Stats(buffer);
        Assert.Equal(3, stats.LossFor(DeliveryLoss.BufferFull));
        Assert.True(stats.IsConsistent);
        Assert.Equal(new[] { 2, 4, 5 }, TakeAll(buffer));
    }

    [Fact]
    public void Offer_AProtectedEventNeedingBytes_DisplacesAsManyOrdinaryEventsAsItNeeds()
    {
        var buffer = new DeliveryBuffer(eventLimit: 100, bytesLimit: 30);
        buffer.Offer(Line(1, 10), false, Now);
        buffer.Offer(Line(2, 10), false, Now);
        buffer.Offer(Line(3, 10), false, Now);

        buffer.Offer(Line(4, 25), true, Now);

        Assert.Equal(new[] { 4 }, TakeAll(buffer));
        Assert.Equal(3, Stats(buffer).LossFor(DeliveryLoss.BufferFull));
    }

    [Fact]
    public void Take_StopsAtTheEventAndByteLimits_ButAlwaysTakesOne_AndInFlightEventsStillCountAgainstTheLimit()
    {
        var buffer = new DeliveryBuffer(eventLimit: 4, bytesLimit: 1000);
        buffer.Offer(Line(1, 50), false, Now);
        buffer.Offer(Line(2, 10), false, Now);
        buffer.Offer(Line(3, 10), false, Now);
        buffer.Offer(Line(4, 10), false, Now);
        var batch = new DeliveryBatch();

        buffer.Take(batch, maxEvents: 10, maxBytes: 20);
        Assert.Equal(1, batch.Count);

        buffer.Offer(Line(5), false, Now);
        Assert.Equal(1, Stats(buffer).LossFor(DeliveryLoss.BufferFull));

        buffer.Complete(batch, null);
        batch.Clear();
        buffer.Take(batch, maxEvents: 2, maxBytes: 1000);
        Assert.Equal(new[] { 2, 3 }, Firsts(batch));
        Assert.Equal(3, Stats(buffer).Pending);
    }

    [Fact]
    public void Complete_CountsTheBatchInFlight_AsDeliveredOrLost()
    {
        var buffer = new DeliveryBuffer(eventLimit: 100, bytesLimit: 1000);
        var batch = new DeliveryBatch();
        for (int n = 1; n <= 6; n++)
        {
            buffer.Offer(Line(n), false, Now);
        }

        buffer.Take(batch, 2, 1000);
        buffer.Complete(batch, null);
        batch.Clear();
        buffer.Take(batch, 3, 1000);
        buffer.Complete(batch, DeliveryLoss.Rejected, "HTTP 400");

        var stats = Stats(buffer);
        Assert.Equal(2, stats.Delivered);
        Assert.Equal(3, stats.Failed);
        Assert.Equal(1, stats.Pending);
        Assert.Equal("HTTP 400", stats.LastError);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void Close_DropsLaterOffers_AsClosed()
    {
        var buffer = new DeliveryBuffer(eventLimit: 100, bytesLimit: 1000);
        buffer.Offer(Line(1), false, Now);
        buffer.Close();
        buffer.Offer(Line(2), true, Now);

        var stats = Stats(buffer);
        Assert.Equal(1, stats.LossFor(DeliveryLoss.Closed));
        Assert.Equal(1, stats.Pending);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void Abandon_FailsWaitingAndInFlight_OnceOnly_AndIgnoresALateCompletion()
    {
        var buffer = new DeliveryBuffer(eventLimit: 100, bytesLimit: 1000);
        for (int n = 1; n <= 5; n++)
        {
            buffer.Offer(Line(n), false, Now);
        }

        var batch = new DeliveryBatch();
        buffer.Take(batch, 2, 1000);

        Assert.Equal(5, buffer.Abandon());
        Assert.Equal(0, buffer.Abandon());
        buffer.Complete(batch, null);

        var stats = Stats(buffer);
        Assert.Equal(5, stats.LossFor(DeliveryLoss.ShutdownTimeout));
        Assert.Equal(0, stats.Delivered);
        Assert.Equal(0, stats.Pending);
        Assert.Equal(0, stats.PendingBytes);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void Counters_AddUp_ThroughARandomMixOfEveryStep()
    {
        var random = new Random(14);
        var buffer = new DeliveryBuffer(eventLimit: 50, bytesLimit: 400);
        var batch = new DeliveryBatch();
        var delivered = new List<int>();
        for (int step = 0; step < 5000; step++)
        {
            int roll = random.Next(10);
            if (roll < 7)
            {
                buffer.Offer(Line(step % 250, random.Next(1, 20)), random.Next(4) == 0, Now);
            }
            else if (batch.Count == 0)
            {
                buffer.Take(batch, random.Next(1, 30), random.Next(1, 200));
            }
            else
            {
                buffer.Complete(batch, roll == 9 ? DeliveryLoss.Rejected : null);
                batch.Clear();
            }

            Assert.True(Stats(buffer).IsConsistent);
        }
    }

    private static List<int> Firsts(DeliveryBatch batch)
    {
        var firsts = new List<int>();
        for (int i = 0; i < batch.Count; i++)
        {
            firsts.Add(batch[i][0]);
        }

        return firsts;
    }
}
