using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary>
/// The ring on its own: order across wrap-around, per-call limits, a consumer buffer smaller than the queue, a claim
/// not yet published, closing, and a close racing claims.
/// </summary>
public class BoundedEventQueueTests
{
    [Fact]
    public void EventsComeOutInOrder_AcrossManyWrapArounds()
    {
        var queue = new BoundedEventQueue(4);
        var taken = new LogEvent?[3];
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 100; round++)
        {
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(EnqueueResult.Enqueued, queue.TryEnqueue(Some.Numbered(next++), limit: 4));
            }

            Assert.Equal(3, queue.DequeueInto(taken));
            foreach (var e in taken)
            {
                Assert.Equal(expected++, Some.NumberOf(e!));
            }
        }

        Assert.Equal(300, queue.Claimed);
        Assert.Equal(300, queue.Head);
        Assert.False(queue.HasPending);
    }

    [Fact]
    public void TheLimitIsPerCall_SoOrdinaryAndProtectedEventsSeeDifferentRoom()
    {
        var queue = new BoundedEventQueue(8);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(EnqueueResult.Enqueued, queue.TryEnqueue(Some.Numbered(i), limit: 6));
        }

        Assert.Equal(EnqueueResult.Full, queue.TryEnqueue(Some.Numbered(6), limit: 6));   // ordinary room is used up
        Assert.Equal(EnqueueResult.Enqueued, queue.TryEnqueue(Some.Numbered(7), limit: 8)); // the reserve is not
        Assert.Equal(EnqueueResult.Enqueued, queue.TryEnqueue(Some.Numbered(8), limit: 8));
        Assert.Equal(EnqueueResult.Full, queue.TryEnqueue(Some.Numbered(9), limit: 8));
        Assert.Equal(8, queue.Depth);

        var taken = new LogEvent?[8];
        Assert.Equal(8, queue.DequeueInto(taken));
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 7, 8 }, taken.Select(e => Some.NumberOf(e!)));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public void DequeueInto_ABufferSmallerThanTheQueue_TakesABufferfulInOrder_AndFreesOnlyThoseSlots()
    {
        var queue = new BoundedEventQueue(4);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(EnqueueResult.Enqueued, queue.TryEnqueue(Some.Numbered(i), limit: 4));
        }

        Assert.Equal(EnqueueResult.Full, queue.TryEnqueue(Some.Numbered(99), limit: 4));
        var three = new LogEvent?[3];
        Assert.Equal(3, queue.DequeueInto(three));
        Assert.Equal(new[] { 0, 1, 2 }, three.Select(e => Some.NumberOf(e!)));
        Assert.Equal(3, queue.Head);
        Assert.Equal(1, queue.Depth);

        // Exactly the three freed slots are admitted again, at positions that wrap round to the start of the ring.
        for (int i = 4; i < 7; i++)
        {
            Assert.Equal(EnqueueResult.Enqueued, queue.TryEnqueue(Some.Numbered(i), limit: 4));
        }

        Assert.Equal(EnqueueResult.Full, queue.TryEnqueue(Some.Numbered(99), limit: 4));
        var all = new LogEvent?[8];
        Assert.Equal(4, queue.DequeueInto(all));
        Assert.Equal(new[] { 3, 4, 5, 6 }, all.Take(4).Select(e => Some.NumberOf(e!)));
        Assert.Null(all[4]); // nothing written past what was taken
        Assert.Equal(0, queue.DequeueInto(all));
        Assert.False(queue.HasPending);
    }

    [Fact]
    public void AClaimNotYetPublished_StopsTheConsumerThere_AndVisitQueuedSeesItAsNull()
    {
        // Round the ring once first, so that the unpublished slot still holds the previous lap's sequence.
        var queue = new BoundedEventQueue(4);
        for (int i = 0; i < 3; i++)
        {
            queue.TryEnqueue(Some.Numbered(i), limit: 4);
        }

        queue.DequeueInto(new LogEvent?[3]);
        queue.TryEnqueue(Some.Numbered(3), limit: 4);      // position 3
        ClaimWithoutPublishing(queue, Some.Numbered(4));    // position 4: its producer stored the event, not the sequence
        queue.TryEnqueue(Some.Numbered(5), limit: 4);      // positions 5 and 6, published
        queue.TryEnqueue(Some.Numbered(6), limit: 4);

        var taken = new LogEvent?[8];
        Assert.Equal(1, queue.DequeueInto(taken));
        Assert.Equal(3, Some.NumberOf(taken[0]!));
        Assert.Equal(0, queue.DequeueInto(taken));         // it waits at position 4; 5 and 6 do not overtake it
        Assert.True(queue.HasPending);
        Assert.Equal(3, queue.Depth);

        Assert.Equal(7, queue.Close());
        var seen = new System.Collections.Generic.List<int>();
        queue.VisitQueued(e => seen.Add(e is null ? -1 : Some.NumberOf(e)));
        Assert.Equal(new[] { -1, 5, 6 }, seen);
    }

    [Fact]
    public void Close_RefusesNewClaims_ButWhatWasAdmittedStillComesOut()
    {
        var queue = new BoundedEventQueue(8);
        queue.TryEnqueue(Some.Numbered(0), limit: 8);
        queue.TryEnqueue(Some.Numbered(1), limit: 8);

        Assert.Equal(2, queue.Close());
        Assert.True(queue.IsClosed);
        Assert.Equal(EnqueueResult.Closed, queue.TryEnqueue(Some.Numbered(2), limit: 8));
        Assert.Equal(2, queue.Claimed); // the closed bit is not counted as claims

        var taken = new LogEvent?[8];
        Assert.Equal(2, queue.DequeueInto(taken));
        Assert.False(queue.HasPending);
    }

    [Fact]
    public void VisitQueued_SeesWhatIsStillInTheRing_InOrder()
    {
        var queue = new BoundedEventQueue(8);
        for (int i = 0; i < 5; i++)
        {
            queue.TryEnqueue(Some.Numbered(i), limit: 8);
        }

        queue.DequeueInto(new LogEvent?[2]);
        queue.Close();
        var seen = new System.Collections.Generic.List<int>();
        queue.VisitQueued(e => seen.Add(e is null ? -1 : Some.NumberOf(e)));

        Assert.Equal(new[] { 2, 3, 4 }, seen);
    }

    [Fact]
    public async Task ACloseRacingManyProducers_AdmitsExactlyWhatItCounts_AndLosesNone()
    {
        var queue = new BoundedEventQueue(1 << 16);
        var admitted = new int[4];
        using var start = new ManualResetEventSlim(false);
        var producers = Enumerable.Range(0, admitted.Length).Select(p => Task.Run(() =>
        {
            start.Wait();
            for (int i = 0; i < 20_000; i++)
            {
                var result = queue.TryEnqueue(Some.Numbered(i), limit: 1 << 16);
                if (result == EnqueueResult.Closed)
                {
                    return;
                }

                Assert.Equal(EnqueueResult.Enqueued, result);
                admitted[p]++;
            }
        })).ToArray();

        start.Set();
        SpinWait.SpinUntil(() => queue.Claimed >= 1_000, TimeSpan.FromSeconds(30));
        long final = queue.Close();
        await Task.WhenAll(producers);

        Assert.Equal(final, admitted.Sum());
        long drained = 0;
        var buffer = new LogEvent?[4096];
        int n;
        while ((n = queue.DequeueInto(buffer)) > 0)
        {
            drained += n;
        }

        Assert.Equal(final, drained);
        Assert.Equal(EnqueueResult.Closed, queue.TryEnqueue(Some.Numbered(0), limit: 1 << 16));
    }

    /// <summary>
    /// Does what a producer does up to its last step: claims the next position (the CAS on the tail) and stores the
    /// event in the slot, but does not publish the slot's sequence.
    /// </summary>
    private static void ClaimWithoutPublishing(BoundedEventQueue queue, LogEvent logEvent)
    {
        long position = Interlocked.Increment(ref TailOf(queue).Value) - 1;
        var slots = SlotsOf(queue);
        int index = (int)(position & (slots.Length - 1));
        object slot = slots.GetValue(index)!;
        slot.GetType().GetField("Event")!.SetValue(slot, logEvent);
        slots.SetValue(slot, index);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_tail")]
    private static extern ref PaddedLong TailOf(BoundedEventQueue queue);

    private static Array SlotsOf(BoundedEventQueue queue) =>
        (Array)typeof(BoundedEventQueue).GetField("_slots", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(queue)!;
}
