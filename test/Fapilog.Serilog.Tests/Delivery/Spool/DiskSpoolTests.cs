using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Delivery.Spool;

namespace Fapilog.Serilog.Tests.Delivery.Spool;

/// <summary>The spool's files on their own: order, limits, segments, the cursor, and what a restart finds.</summary>
public sealed class DiskSpoolTests : IDisposable
{
    private const long Limit = 1024 * 1024;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private DiskSpool Open(long limit = Limit, long reserve = 0, long segmentBytes = DiskSpool.DefaultSegmentBytes) =>
        DiskSpool.Open(_folder.Path, limit, reserve, segmentBytes) ?? throw new InvalidOperationException("the folder is locked");

    private static void Write(DiskSpool spool, int from, int count, bool isProtected = false)
    {
        for (int n = from; n < from + count; n++)
        {
            Assert.True(spool.TryStage(Encoding.UTF8.GetBytes($"event {n}\n"), isProtected, n));
        }

        Assert.True(spool.Publish());
    }

    /// <summary>Reads every readable record, committing after each when asked.</summary>
    private static List<(string Text, bool IsProtected, long Sequence)> ReadAll(DiskSpool spool, bool commit = true)
    {
        var read = new List<(string, bool, long)>();
        while (spool.Reader.TryPeek(out bool isProtected, out long sequence, out bool damaged))
        {
            Assert.False(damaged);
            read.Add((Encoding.UTF8.GetString(spool.Reader.Payload).TrimEnd('\n'), isProtected, sequence));
            spool.Reader.Advance();
            if (commit)
            {
                spool.Commit(spool.Reader.Position);
            }
        }

        return read;
    }

    [Fact]
    public void Records_AreReadBackInOrder_WithTheirFlagsAndSequenceNumbers_OnlyOncePublished()
    {
        using var spool = Open();
        Assert.True(spool.TryStage("a"u8, isProtected: true, 7));
        Assert.True(spool.TryStage("b"u8, isProtected: false, 8));

        Assert.Empty(ReadAll(spool));
        Assert.True(spool.Publish());

        Assert.Equal(new[] { ("a", true, 7L), ("b", false, 8L) }, ReadAll(spool));
        Assert.Equal(0, spool.Bytes);
    }

    [Fact]
    public void Reopening_FindsWhatWasNotCommitted_InOrder_AndContinuesTheSequenceAfterIt()
    {
        using (var spool = Open())
        {
            Write(spool, 1, 10);
            Assert.Equal(10, ReadAll(spool, commit: false).Count);
        }

        using var reopened = Open();
        Assert.Equal(10, reopened.Recovered);
        Assert.Equal(10, reopened.LastSequence);
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"event {n}"), ReadAll(reopened).Select(r => r.Text));
    }

    [Fact]
    public void ACommittedPrefix_IsNotFoundAgain_AfterARestart()
    {
        using (var spool = Open())
        {
            Write(spool, 1, 10);
            for (int i = 0; i < 6; i++)
            {
                Assert.True(spool.Reader.TryPeek(out _, out _, out _));
                spool.Reader.Advance();
            }

            spool.Commit(spool.Reader.Position);
        }

        using var reopened = Open();
        Assert.Equal(4, reopened.Recovered);
        Assert.Equal(Enumerable.Range(7, 4).Select(n => $"event {n}"), ReadAll(reopened).Select(r => r.Text));
    }

    [Fact]
    public void Segments_RollAtTheirSize_AreReadAcross_AndAreDeletedOnceCommittedPast()
    {
        using var spool = Open(segmentBytes: 200);
        for (int round = 0; round < 10; round++)
        {
            Write(spool, (round * 5) + 1, 5);
        }

        Assert.True(SpoolFiles.Segments(_folder.Path).Count >= 5);
        var read = ReadAll(spool);

        Assert.Equal(Enumerable.Range(1, 50).Select(n => $"event {n}"), read.Select(r => r.Text));
        Assert.Single(SpoolFiles.Segments(_folder.Path));
        Assert.Equal(0, spool.Bytes);
    }

    [Fact]
    public void AtItsLimit_OrdinaryRecordsAreRefusedFirst_ProtectedOnesUseTheReserve()
    {
        byte[] payload = new byte[1000];
        using var spool = Open(limit: 100 * SpoolRecord.SizeOf(1000), reserve: 10 * SpoolRecord.SizeOf(1000));

        int ordinary = 0;
        while (spool.TryStage(payload, isProtected: false, ordinary + 1))
        {
            ordinary++;
        }

        int protectedOnes = 0;
        while (spool.TryStage(payload, isProtected: true, 1000 + protectedOnes))
        {
            protectedOnes++;
        }

        Assert.Equal(90, ordinary);
        Assert.Equal(10, protectedOnes);
        Assert.True(spool.Publish());
        Assert.Equal(100 * SpoolRecord.SizeOf(1000), spool.Bytes);
    }

    [Fact]
    public void ATornTail_IsCutAtTheLastIntactRecord_AndWritingGoesOnAfterIt()
    {
        using (var spool = Open())
        {
            Write(spool, 1, 5);
        }

        // A record half written when the machine lost power.
        string segment = SpoolFiles.SegmentPath(_folder.Path, 1);
        long intact = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write(new byte[] { 40, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0 });
        }

        using (var spool = Open())
        {
            Assert.Equal(5, spool.Recovered);
            Assert.Equal(11, spool.DamagedBytes);
            Assert.Equal(intact, new FileInfo(segment).Length);
            Write(spool, 6, 2);
        }

        using var reopened = Open();
        Assert.Equal(Enumerable.Range(1, 7).Select(n => $"event {n}"), ReadAll(reopened).Select(r => r.Text));
    }

    [Fact]
    public void AFlippedByte_IsCaughtByTheChecksum_AndTheRestOfThatSegmentIsSkipped()
    {
        using (var spool = Open(segmentBytes: 100))
        {
            // Three 32-byte records per 100-byte segment: three segments.
            for (int n = 1; n <= 9; n++)
            {
                Write(spool, n, 1);
            }
        }

        var segments = SpoolFiles.Segments(_folder.Path);
        Assert.Equal(3, segments.Count);
        string second = SpoolFiles.SegmentPath(_folder.Path, segments[1]);
        byte[] bytes = File.ReadAllBytes(second);
        bytes[SpoolRecord.HeaderSize + 2] ^= 0x20;
        File.WriteAllBytes(second, bytes);

        using var reopened = Open(segmentBytes: 100);
        var texts = ReadAll(reopened).Select(r => r.Text).ToList();

        Assert.True(reopened.DamagedBytes > 0, $"damaged {reopened.DamagedBytes}, read {string.Join("|", texts)}, segments {string.Join(",", segments)}");
        Assert.Equal(texts.Distinct().Count(), texts.Count);
        Assert.Contains("event 1", texts);
        Assert.Equal(new[] { "event 1", "event 2", "event 3", "event 7", "event 8", "event 9" }, texts);
        Assert.DoesNotContain(texts, t => t.StartsWith("evenT", StringComparison.Ordinal));
    }

    [Fact]
    public void ASecondOpenOfTheSameFolder_IsRefused_WhileTheFirstHoldsIt()
    {
        using var first = Open();

        Assert.Null(DiskSpool.Open(_folder.Path, Limit, 0));
    }
}
