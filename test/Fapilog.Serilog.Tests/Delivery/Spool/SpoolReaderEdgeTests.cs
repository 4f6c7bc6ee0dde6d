using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Fapilog.Serilog.Delivery.Spool;

namespace Fapilog.Serilog.Tests.Delivery.Spool;

/// <summary>The spool at its edges: records larger than the reader's block, a cursor past the end, use after dispose.</summary>
public sealed class SpoolReaderEdgeTests : IDisposable
{
    private const long Limit = 8 * 1024 * 1024;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private DiskSpool Open(long segmentBytes = DiskSpool.DefaultSegmentBytes) =>
        DiskSpool.Open(_folder.Path, Limit, 0, segmentBytes) ?? throw new InvalidOperationException("the folder is locked");

    private static byte[] Large(int size, byte fill)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, fill);
        bytes[0] = (byte)'<';
        bytes[^1] = (byte)'>';
        return bytes;
    }

    private static List<byte[]> ReadAll(DiskSpool spool)
    {
        var read = new List<byte[]>();
        while (spool.Reader.TryPeek(out _, out _, out _))
        {
            read.Add(spool.Reader.Payload.ToArray());
            spool.Reader.Advance();
        }

        return read;
    }

    [Fact]
    public void ARecordLargerThanTheReadersBlock_IsReadBackIntact_LiveAndAfterARestart()
    {
        // The reader's block is 256 KiB: a small record first, so the large one starts part-way into a block.
        byte[] small = Encoding.UTF8.GetBytes("small");
        byte[] large = Large(600 * 1024, (byte)'x');
        using (var spool = Open())
        {
            Assert.True(spool.TryStage(small, false, 1));
            Assert.True(spool.TryStage(large, false, 2));
            Assert.True(spool.TryStage(small, false, 3));
            Assert.True(spool.Publish());

            var live = ReadAll(spool);
            Assert.Equal(3, live.Count);
            Assert.Equal(large, live[1]);
        }

        using var reopened = Open();
        Assert.Equal(0, reopened.DamagedBytes);
        Assert.Equal(3, reopened.Recovered);
        var replayed = ReadAll(reopened);
        Assert.Equal(new[] { small, large, small }, replayed);
    }

    [Fact]
    public void AfterDispose_SyncCommitStageAndPublish_DoNotThrow()
    {
        // A deep flush can race the output's dispose: its sync, like a late commit, must not throw on the caller's thread.
        var spool = Open();
        Assert.True(spool.TryStage(Encoding.UTF8.GetBytes("a"), false, 1));
        Assert.True(spool.Publish());
        Assert.True(spool.Reader.TryPeek(out _, out _, out _));
        spool.Reader.Advance();
        var end = spool.Reader.Position;
        spool.Dispose();

        spool.Sync();
        spool.Commit(end);
        Assert.False(spool.TryStage(Encoding.UTF8.GetBytes("b"), false, 2));
        Assert.True(spool.Publish());
    }

    [Fact]
    public void ACursorPastTheEndOfItsSegment_IsMovedBackOnDisk_SoTheNextProcessFindsWhatWasWrittenAfterIt()
    {
        byte[] record = Encoding.UTF8.GetBytes("0123456789");
        using (var spool = Open())
        {
            for (int n = 1; n <= 10; n++)
            {
                Assert.True(spool.TryStage(record, false, n));
            }

            Assert.True(spool.Publish());
            Assert.Equal(10, ReadAll(spool).Count);
            spool.Commit(spool.Reader.Position);
        }

        // A power loss: the cursor reached the disk, the segment's last five records did not.
        string segment = SpoolFiles.SegmentPath(_folder.Path, 1);
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(5L * SpoolRecord.SizeOf(record.Length));
        }

        // The next process writes three records after what is left, and is killed before delivering them.
        using (var spool = Open())
        {
            Assert.Equal(0, spool.Recovered);
            for (int n = 11; n <= 13; n++)
            {
                Assert.True(spool.TryStage(record, false, n));
            }

            Assert.True(spool.Publish());
        }

        using var third = Open();
        Assert.Equal(3, third.Recovered);
        Assert.Equal(0, third.DamagedBytes);
        Assert.Equal(3, ReadAll(third).Count);
    }
}
