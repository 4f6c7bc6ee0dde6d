using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Delivery.Spool;

namespace Fapilog.Serilog.Tests.Delivery.Spool;

/// <summary>Damage the delivery thread finds in the spool (a disk error after the records were written).</summary>
public sealed class SpoolDamageTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private DiskSpool? _spool;

    public void Dispose()
    {
        _spool?.Dispose();
        _folder.Dispose();
    }

    private DeliveryBuffer Buffer(long segmentBytes = DiskSpool.DefaultSegmentBytes)
    {
        _spool = DiskSpool.Open(_folder.Path, 1024 * 1024, 0, segmentBytes) ?? throw new InvalidOperationException("locked");
        return new DeliveryBuffer(1000, 1024 * 1024, _spool, FapilogSpoolMode.All);
    }

    private static void OfferAll(DeliveryBuffer buffer, IEnumerable<int> numbers)
    {
        foreach (int n in numbers)
        {
            buffer.Offer(new[] { (byte)n, (byte)'\n' }, false, 1000);
        }

        buffer.EndOffers();
    }

    private static List<int> Drain(DeliveryBuffer buffer)
    {
        var taken = new List<int>();
        using var batch = new DeliveryBatch();
        for (int guard = 0; guard < 100; guard++)
        {
            buffer.Take(batch, 100, long.MaxValue);
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

        throw new InvalidOperationException("the buffer never ran empty");
    }

    /// <summary>Flips a payload byte of the <paramref name="index"/>th 2-byte record of a segment.</summary>
    private void Damage(long segment, int index)
    {
        using var file = new FileStream(SpoolFiles.SegmentPath(_folder.Path, segment), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        long at = (index * SpoolRecord.SizeOf(2)) + SpoolRecord.HeaderSize;
        file.Position = at;
        int b = file.ReadByte();
        file.Position = at;
        file.WriteByte((byte)(b ^ 0x40));
    }

    [Fact]
    public void DamageInTheSegmentBeingWritten_IsSkippedOnce_CountedAsLost_AndLaterEventsStillGo()
    {
        var buffer = Buffer();
        OfferAll(buffer, Enumerable.Range(1, 5));
        Damage(segment: 1, index: 2);

        var taken = Drain(buffer);

        Assert.Equal(new[] { 1, 2 }, taken);
        var stats = buffer.Snapshot("test", DeliveryBreakerState.Closed);
        Assert.Equal(3, stats.LossFor(DeliveryLoss.SpoolDamaged));
        Assert.Equal(0, stats.Pending);
        Assert.Equal(0, stats.PendingBytes);
        Assert.True(stats.IsConsistent, stats.ToString());
        Assert.Equal(0, buffer.Waiting().Events);

        OfferAll(buffer, Enumerable.Range(6, 3));
        Assert.Equal(new[] { 6, 7, 8 }, Drain(buffer));
        Assert.Equal(0, buffer.Snapshot("test", DeliveryBreakerState.Closed).Pending);
    }

    [Fact]
    public void DamageInASealedSegment_SkipsTheRestOfIt_CountedAsLost_AndTheNextSegmentsGo()
    {
        // 26-byte records, three to a 80-byte segment: one publication per record so segments roll between them.
        var buffer = Buffer(segmentBytes: 80);
        for (int n = 1; n <= 9; n++)
        {
            OfferAll(buffer, new[] { n });
        }

        Assert.Equal(3, SpoolFiles.Segments(_folder.Path).Count);
        Damage(segment: 2, index: 1);

        var taken = Drain(buffer);

        Assert.Equal(new[] { 1, 2, 3, 4, 7, 8, 9 }, taken);
        var stats = buffer.Snapshot("test", DeliveryBreakerState.Closed);
        Assert.Equal(2, stats.LossFor(DeliveryLoss.SpoolDamaged));
        Assert.Equal(0, stats.Pending);
        Assert.True(stats.IsConsistent, stats.ToString());
        Assert.Equal(0, buffer.Waiting().Events);
    }

    [Fact]
    public void ASegmentThatCannotBeRead_IsTreatedAsDamage_NotAnExceptionOnTheDeliveryThread()
    {
        var buffer = Buffer(segmentBytes: 80);
        for (int n = 1; n <= 6; n++)
        {
            OfferAll(buffer, new[] { n });
        }

        // Removed behind the spool's back (a cleanup job, a disk failure).
        File.Delete(SpoolFiles.SegmentPath(_folder.Path, 1));

        var taken = Drain(buffer);

        Assert.Equal(new[] { 4, 5, 6 }, taken);
        var stats = buffer.Snapshot("test", DeliveryBreakerState.Closed);
        Assert.Equal(3, stats.LossFor(DeliveryLoss.SpoolDamaged));
        Assert.True(stats.IsConsistent, stats.ToString());
    }
}
