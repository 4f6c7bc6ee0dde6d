using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Delivery.Spool;

namespace Fapilog.Serilog.Tests.Delivery.Spool;

/// <summary>The output buffer with a spool: one order across memory and disk, exact figures, and what a close leaves.</summary>
public sealed class SpooledBufferTests : IDisposable
{
    private const long Now = 1000;
    private readonly TempFolder _folder = new();
    private readonly List<DiskSpool> _spools = new();

    public void Dispose()
    {
        foreach (var spool in _spools)
        {
            spool.Dispose();
        }

        _folder.Dispose();
    }

    private DeliveryBuffer Buffer(FapilogSpoolMode mode, int eventLimit = 1000, long spoolLimit = 1024 * 1024, long segmentBytes = DiskSpool.DefaultSegmentBytes)
    {
        var spool = DiskSpool.Open(_folder.Path, spoolLimit, spoolLimit / 10, segmentBytes) ?? throw new InvalidOperationException("locked");
        _spools.Add(spool);
        return new DeliveryBuffer(eventLimit, 1024 * 1024, spool, mode);
    }

    private void Reopen()
    {
        foreach (var spool in _spools)
        {
            spool.Dispose();
        }

        _spools.Clear();
    }

    private static byte[] Line(int n) => new[] { (byte)n, (byte)'\n' };

    private static void OfferAll(DeliveryBuffer buffer, IEnumerable<int> numbers, Func<int, bool> isProtected)
    {
        foreach (int n in numbers)
        {
            buffer.Offer(Line(n), isProtected(n), Now);
        }

        buffer.EndOffers();
    }

    private static List<int> Drain(DeliveryBuffer buffer, int batchSize = 7)
    {
        var taken = new List<int>();
        using var batch = new DeliveryBatch();
        while (true)
        {
            buffer.Take(batch, batchSize, long.MaxValue);
            if (batch.Count == 0)
            {
                return taken;
            }

            for (int i = 0; i < batch.Count; i++)
            {
                taken.Add(batch[i][0]);
            }

            buffer.Complete(batch, null);
            batch.Clear();
        }
    }

    private static DeliveryStats Stats(DeliveryBuffer buffer) => buffer.Snapshot("test", DeliveryBreakerState.Closed);

    [Fact]
    public void ProtectedOnDisk_OrdinaryInMemory_LeaveInTheOrderTheyCame()
    {
        var buffer = Buffer(FapilogSpoolMode.Protected);

        OfferAll(buffer, Enumerable.Range(1, 40), n => n % 3 == 0);

        var stats = Stats(buffer);
        Assert.Equal(13, stats.Spool.Spooled);
        Assert.Equal(13, stats.Spool.Held);
        Assert.Equal(Enumerable.Range(1, 40), Drain(buffer));
        stats = Stats(buffer);
        Assert.Equal(40, stats.Delivered);
        Assert.Equal(0, stats.Spool.Held);
        Assert.Equal(0, stats.Spool.Bytes);
        Assert.True(stats.IsConsistent);
    }

    [Fact]
    public void AFullDisk_SendsTheRecordsTheSpoolCouldNotWriteToMemory_InOrder_AndSaysSo()
    {
        // The second segment is the kernel's always-full device: every write to it fails with "no space left on device".
        var buffer = Buffer(FapilogSpoolMode.Protected, segmentBytes: 100);
        File.CreateSymbolicLink(Path.Combine(_folder.Path, "0000000000000002.spool"), "/dev/full");

        OfferAll(buffer, Enumerable.Range(1, 10), n => n % 2 == 0);
        OfferAll(buffer, Enumerable.Range(11, 10), n => n % 2 == 0);

        var stats = Stats(buffer);
        Assert.Equal(5, stats.Spool.Spooled);
        Assert.Equal(5, stats.Spool.WriteFailures);
        Assert.Contains("No space left on device", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("spool write failed", stats.LastError, StringComparison.Ordinal);
        Assert.Equal(20, stats.Pending);
        Assert.Equal(Enumerable.Range(1, 20), Drain(buffer));
        Assert.True(Stats(buffer).IsConsistent);
    }

    [Fact]
    public void RecordsStagedButNotYetPublished_HoldBackTheMemoryEventsAfterThem()
    {
        var buffer = Buffer(FapilogSpoolMode.Protected);
        buffer.Offer(Line(1), false, Now);
        buffer.Offer(Line(2), true, Now);
        buffer.Offer(Line(3), false, Now);

        // Event 1 went before anything was staged; 3 waits for 2, which waits for the publication.
        Assert.Equal(new[] { 1 }, Drain(buffer));

        buffer.EndOffers();
        Assert.Equal(new[] { 2, 3 }, Drain(buffer));
    }

    [Fact]
    public void InAllMode_EveryEventGoesToDisk_AndAFullSpoolSendsTheRestToMemory_StillInOrder()
    {
        // 26-byte records; ordinary ones may use nine tenths of 1 300 bytes: 45 fit.
        var buffer = Buffer(FapilogSpoolMode.All, spoolLimit: 1300);

        OfferAll(buffer, Enumerable.Range(1, 100), _ => false);

        var stats = Stats(buffer);
        Assert.Equal(45, stats.Spool.Spooled);
        Assert.Equal(100, stats.Pending);
        Assert.Equal(Enumerable.Range(1, 100), Drain(buffer, batchSize: 30));
    }

    [Fact]
    public void AnAbandonedClose_FailsWhatIsInMemory_AndLeavesTheSpoolsEventsForTheNextProcess()
    {
        var buffer = Buffer(FapilogSpoolMode.Protected);
        OfferAll(buffer, Enumerable.Range(1, 20), n => n > 10);
        using var inFlight = new DeliveryBatch();
        buffer.Take(inFlight, 15, long.MaxValue);

        Assert.Equal(10, buffer.Abandon());

        var stats = Stats(buffer);
        Assert.Equal(10, stats.LossFor(DeliveryLoss.ShutdownTimeout));
        Assert.Equal(10, stats.Pending);
        Assert.Equal(10, stats.Spool.Held);
        Assert.True(stats.IsConsistent);

        Reopen();
        var next = Buffer(FapilogSpoolMode.Protected);
        OfferAll(next, new[] { 50, 51 }, n => n == 51);

        var after = Stats(next);
        Assert.Equal(10, after.Spool.Replayed);
        Assert.Equal(12, after.Accepted);
        Assert.Equal(Enumerable.Range(11, 10).Concat(new[] { 50, 51 }), Drain(next));
        Assert.True(Stats(next).IsConsistent);
    }

    [Fact]
    public void ABatchRetriedPerItem_IsCommittedOnlyOnceEveryEventInItIsSettled()
    {
        var buffer = Buffer(FapilogSpoolMode.All);
        OfferAll(buffer, Enumerable.Range(1, 5), _ => false);
        using var batch = new DeliveryBatch();
        buffer.Take(batch, 5, long.MaxValue);
        batch.Retry(3);

        Assert.Equal(0, buffer.CompletePerItem(batch, "item 4: es_rejected_execution_exception"));
        Assert.Equal(1, batch.Count);
        Assert.True(_spools[0].Bytes > 0, "not committed while event 4 is unsettled");

        // A restart now would send all five again (at least once), never fewer.
        buffer.Complete(batch, null);
        Assert.Equal(0, _spools[0].Bytes);
        Assert.Equal(5, Stats(buffer).Delivered);
    }

    [Fact]
    public void RandomOffersTakesAndOutcomes_KeepTheFiguresExact_AndTheOrder()
    {
        var random = new Random(20261202);
        var buffer = Buffer(FapilogSpoolMode.Protected, eventLimit: 50, spoolLimit: 1024 * 1024);
        using var batch = new DeliveryBatch();
        var offered = new List<int>();
        var delivered = new List<int>();
        int next = 0;
        for (int step = 0; step < 3000; step++)
        {
            int roll = random.Next(10);
            if (roll < 6)
            {
                int count = random.Next(1, 6);
                var numbers = Enumerable.Range(next, count).Select(n => n % 250).ToList();
                OfferAll(buffer, numbers, n => n % 4 == 0);
                offered.AddRange(numbers);
                next += count;
            }
            else if (batch.Count == 0)
            {
                buffer.Take(batch, random.Next(1, 30), random.Next(1, 200));
            }
            else
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    delivered.Add(batch[i][0]);
                }

                buffer.Complete(batch, roll == 9 ? DeliveryLoss.Rejected : null);
                batch.Clear();
            }

            Assert.True(Stats(buffer).IsConsistent);
        }

        // Whatever was dropped, what was taken came in the order it was offered: a subsequence of the offers.
        int at = 0;
        foreach (int n in delivered)
        {
            while (at < offered.Count && offered[at] != n)
            {
                at++;
            }

            Assert.True(at < offered.Count, "taken out of order");
            at++;
        }

        Assert.True(delivered.Count > 1000);
    }
}
