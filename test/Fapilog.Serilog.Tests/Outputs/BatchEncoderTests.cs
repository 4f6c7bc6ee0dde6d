using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Outputs;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs;

public class BatchEncoderTests
{
    private static readonly NumberLines Fixed = new() { FixedLength = true };

    [Fact]
    public void Ranges_CoverEachEventsLineExactly_InOrder_WithNoGapOrOverlap_AcrossChunks()
    {
        // Lines of varying length, every 7th event throws after writing part of its line, every 5th is below the
        // level, and a threshold of 100 bytes makes many chunks.
        var formatter = new NumberLines { ThrowsOn = n => n % 7 == 3 };
        using var encoder = new BatchEncoder(formatter, LogEventLevel.Information, chunkThreshold: 100);
        var batch = Batches.Of(Enumerable.Range(0, 200).Select(n => Some.Numbered(n, n % 5 == 4 ? LogEventLevel.Debug : LogEventLevel.Information)).ToArray());

        var seen = new List<int>();
        int chunkCount = 0;
        var chunks = encoder.Encode(batch);
        while (chunks.MoveNext())
        {
            chunkCount++;
            Assert.Equal(0, chunks.EventStart(0));
            for (int k = 0; k < chunks.Count; k++)
            {
                if (k > 0)
                {
                    Assert.Equal(chunks.EventEnd(k - 1), chunks.EventStart(k));
                }

                seen.Add(chunks.EventIndex(k));
                Assert.Equal(formatter.Line(chunks.EventIndex(k)), Encoding.UTF8.GetString(chunks.EventBytes(k)));
            }

            Assert.Equal(chunks.Bytes.Length, chunks.EventEnd(chunks.Count - 1));

            // Bounded: a chunk ends with the event that reached the threshold.
            Assert.InRange(chunks.EventStart(chunks.Count - 1), 0, 99);
        }

        var expected = Enumerable.Range(0, 200).Where(n => n % 5 != 4 && n % 7 != 3).ToList();
        Assert.Equal(expected, seen);
        Assert.True(chunkCount > 10, $"the threshold was crossed ({chunkCount} chunks)");
        var error = Assert.IsType<PartialBatchException>(ThrownBy(chunks));
        Assert.Equal(Enumerable.Range(0, 200).Where(n => n % 5 != 4 && n % 7 == 3), error.FailedIndexes);
        Assert.IsType<FormatException>(error.InnerException);
    }

    [Fact]
    public void Level_IsFilteredHere_EventsBelowItAreNeitherFormattedNorFailed()
    {
        var formatter = new NumberLines();
        using var encoder = new BatchEncoder(formatter, LogEventLevel.Warning);
        var batch = Batches.Of(Some.Numbered(0), Some.Numbered(1, LogEventLevel.Error), Some.Audit(2), Some.Numbered(3, LogEventLevel.Debug));

        var chunks = encoder.Encode(batch);
        Assert.True(chunks.MoveNext());

        Assert.Equal(new[] { 1, 2 }, Indexes(chunks));
        Assert.Equal(2, formatter.Calls);
        chunks.MarkFailedFrom(0, new IOException("closed"));
        Assert.IsType<IOException>(ThrownBy(chunks));
    }

    [Fact]
    public void CutBefore_StartsTheNextChunkWithTheCutEvent_AndALargeRemainderIsAChunkOfItsOwn()
    {
        using var encoder = new BatchEncoder(Fixed, LogEventLevel.Verbose, chunkThreshold: 10 * NumberLines.LineLength);
        var chunks = encoder.Encode(Batches.Numbered(0, 30));

        Assert.True(chunks.MoveNext());
        Assert.Equal(Enumerable.Range(0, 10), Indexes(chunks));
        chunks.CutBefore(2);
        Assert.Equal(Fixed.Line(0) + Fixed.Line(1), Encoding.UTF8.GetString(chunks.Bytes));

        // 8 events left over: more than half the threshold, handed out as they are.
        Assert.True(chunks.MoveNext());
        Assert.Equal(Enumerable.Range(2, 8), Indexes(chunks));
        Assert.Equal(string.Concat(Enumerable.Range(2, 8).Select(Fixed.Line)), Encoding.UTF8.GetString(chunks.Bytes));

        Assert.True(chunks.MoveNext());
        Assert.Equal(Enumerable.Range(10, 10), Indexes(chunks));
    }

    [Fact]
    public void CutBefore_ASmallRemainderIsToppedUpToTheThreshold_WithItsBytesIntact()
    {
        using var encoder = new BatchEncoder(Fixed, LogEventLevel.Verbose, chunkThreshold: 10 * NumberLines.LineLength);
        var chunks = encoder.Encode(Batches.Numbered(0, 30));

        Assert.True(chunks.MoveNext());
        chunks.CutBefore(9);
        Assert.True(chunks.MoveNext());

        Assert.Equal(Enumerable.Range(9, 10), Indexes(chunks));
        Assert.Equal(string.Concat(Enumerable.Range(9, 10).Select(Fixed.Line)), Encoding.UTF8.GetString(chunks.Bytes));
        Assert.Equal(Fixed.Line(9), Encoding.UTF8.GetString(chunks.EventBytes(0)));
    }

    [Fact]
    public void CutBefore_TheFirstEvent_LeavesAnEmptyChunk_AndTheWholeChunkFollows()
    {
        using var encoder = new BatchEncoder(new NumberLines(), LogEventLevel.Verbose);
        var chunks = encoder.Encode(Batches.Numbered(0, 3));

        Assert.True(chunks.MoveNext());
        chunks.CutBefore(0);
        Assert.Equal(0, chunks.Count);
        Assert.True(chunks.Bytes.IsEmpty);
        Assert.True(chunks.MoveNext());

        Assert.Equal(new[] { 0, 1, 2 }, Indexes(chunks));
        Assert.False(chunks.MoveNext());
        chunks.ThrowIfAny();
    }

    [Fact]
    public void MarkFailedFrom_AfterAnEarlierChunkWasWritten_FailsThisChunkAndTheRest_ButNeitherTheWrittenNorTheFilteredEvents()
    {
        using var encoder = new BatchEncoder(Fixed, LogEventLevel.Information, chunkThreshold: 5 * NumberLines.LineLength);
        var batch = Batches.Of(Enumerable.Range(0, 20).Select(n => Some.Numbered(n, n == 17 ? LogEventLevel.Debug : LogEventLevel.Information)).ToArray());
        var chunks = encoder.Encode(batch);
        Assert.True(chunks.MoveNext());
        Assert.True(chunks.MoveNext());
        int firstFailed = chunks.EventIndex(0);

        var cause = new IOException("disk full");
        chunks.MarkFailedFrom(0, cause);

        Assert.False(chunks.MoveNext());
        var error = Assert.IsType<PartialBatchException>(ThrownBy(chunks));
        Assert.Equal(5, firstFailed);
        Assert.Equal(Enumerable.Range(5, 15).Where(n => n != 17), error.FailedIndexes);
        Assert.Same(cause, error.InnerException);
    }

    [Fact]
    public void MarkFailedFrom_InTheMiddleOfTheFirstChunk_KeepsTheEventsBeforeAsWritten()
    {
        using var encoder = new BatchEncoder(new NumberLines(), LogEventLevel.Verbose);
        var chunks = encoder.Encode(Batches.Numbered(0, 6));
        Assert.True(chunks.MoveNext());

        chunks.MarkFailedFrom(4, new IOException("next file cannot be opened"));

        Assert.Equal(4, chunks.Count);
        Assert.Equal(new[] { 4, 5 }, Assert.IsType<PartialBatchException>(ThrownBy(chunks)).FailedIndexes);
    }

    [Fact]
    public void MarkFailedFrom_BeforeAnyEventReachedTheOutput_RethrowsTheOutputsOwnError_FailingTheWholeBatch()
    {
        using var encoder = new BatchEncoder(new NumberLines { ThrowsOn = n => n == 0 }, LogEventLevel.Verbose);
        var chunks = encoder.Encode(Batches.Numbered(0, 4));
        Assert.True(chunks.MoveNext());

        var cause = new IOException("disk full");
        chunks.MarkFailedFrom(0, cause);
        chunks.MarkFailedFrom(0, new InvalidOperationException("a second report changes nothing"));

        Assert.Same(cause, Assert.IsType<IOException>(ThrownBy(chunks)));
    }

    [Fact]
    public void MarkFailed_FailsOneEventOfAWrittenChunk_ReportedOnceInBatchOrder()
    {
        using var encoder = new BatchEncoder(new NumberLines { ThrowsOn = n => n == 1 }, LogEventLevel.Verbose);
        var chunks = encoder.Encode(Batches.Numbered(0, 5));
        Assert.True(chunks.MoveNext());

        var rejected = new InvalidOperationException("item rejected");
        chunks.MarkFailed(3, rejected);
        chunks.MarkFailed(3, rejected);
        chunks.MarkFailed(0, rejected);
        Assert.False(chunks.MoveNext());

        var error = Assert.IsType<PartialBatchException>(ThrownBy(chunks));
        Assert.Equal(new[] { 0, 1, 4 }, error.FailedIndexes);
        Assert.IsType<FormatException>(error.InnerException);
    }

    [Fact]
    public void Encode_StartsEachBatchClean_AfterAFailedOne()
    {
        var formatter = new NumberLines { ThrowsOn = n => n == 1 };
        using var encoder = new BatchEncoder(formatter, LogEventLevel.Verbose);
        var failed = encoder.Encode(Batches.Numbered(0, 3));
        Assert.True(failed.MoveNext());
        failed.MarkFailedFrom(0, new IOException("disk full"));

        var chunks = encoder.Encode(Batches.Numbered(10, 3));
        Assert.True(chunks.MoveNext());
        Assert.Equal(string.Concat(Enumerable.Range(10, 3).Select(formatter.Line)), Encoding.UTF8.GetString(chunks.Bytes));
        Assert.False(chunks.MoveNext());
        chunks.ThrowIfAny();
    }

    [Fact]
    public void Positions_OutsideTheChunk_AreRejected()
    {
        using var encoder = new BatchEncoder(new NumberLines(), LogEventLevel.Verbose);
        var chunks = encoder.Encode(Batches.Numbered(0, 2));
        Assert.True(chunks.MoveNext());

        Assert.Equal(1, chunks.EventIndex(1));
        Assert.True(Rejects(() => encoder.Encode(Batches.Numbered(0, 2)).EventIndex(0)), "no chunk before MoveNext");
        Assert.True(Rejects(() =>
        {
            var again = encoder.Encode(Batches.Numbered(0, 2));
            again.MoveNext();
            return again.EventIndex(2);
        }));
        Assert.True(Rejects(() =>
        {
            var again = encoder.Encode(Batches.Numbered(0, 2));
            again.MoveNext();
            again.CutBefore(3);
            return 0;
        }));
    }

    private static bool Rejects(Func<int> touch)
    {
        try
        {
            touch();
            return false;
        }
        catch (ArgumentOutOfRangeException)
        {
            return true;
        }
    }

    /// <summary>What <see cref="BatchEncoder.Chunks.ThrowIfAny"/> throws (a ref struct cannot be captured by a lambda).</summary>
    private static Exception? ThrownBy(BatchEncoder.Chunks chunks)
    {
        try
        {
            chunks.ThrowIfAny();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static List<int> Indexes(BatchEncoder.Chunks chunks)
    {
        var indexes = new List<int>();
        for (int k = 0; k < chunks.Count; k++)
        {
            indexes.Add(chunks.EventIndex(k));
        }

        return indexes;
    }
}

/// <summary>Formatting a batch through the encoder allocates nothing once its buffers have grown.</summary>
[Collection(RunsAloneCollection.Name)]
public class BatchEncoderAllocationTests
{
    [Fact]
    public void Encode_ABatchOfManyChunksInSteadyState_AllocatesNothing()
    {
        using var encoder = new BatchEncoder(new NumberLines(), LogEventLevel.Verbose, chunkThreshold: 4096);
        var batch = Batches.Numbered(0, 5000);
        long bytes = EncodeAll(encoder, batch);

        long allocated = long.MaxValue;
        for (int pass = 0; pass < 3; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            EncodeAll(encoder, batch);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(bytes > 10 * 4096, "the batch spans many chunks");
        Assert.Equal(0, allocated);
    }

    private static long EncodeAll(BatchEncoder encoder, FapilogEvent[] batch)
    {
        long bytes = 0;
        var chunks = encoder.Encode(batch);
        while (chunks.MoveNext())
        {
            bytes += chunks.Bytes.Length;
        }

        chunks.ThrowIfAny();
        return bytes;
    }
}

/// <summary>
/// Writes "event N" padded with x to a length that varies with N (or to <see cref="FixedLength"/> bytes), without
/// allocating; can be told to throw for some events after writing part of the line, as a formatter with a bug might.
/// </summary>
internal sealed class NumberLines : IUtf8EventFormatter
{
    /// <summary>The length of every line (for N below 1000) when <see cref="FixedLength"/> is set.</summary>
    public const int LineLength = 10;

    public bool FixedLength { get; init; }

    public Func<int, bool>? ThrowsOn { get; init; }

    public int Calls { get; private set; }

    public string Line(int n)
    {
        string digits = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "event " + digits + new string('x', Pad(n, digits.Length)) + "\n";
    }

    public void Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
    {
        Calls++;
        int n = Some.NumberOf(logEvent.LogEvent);
        var span = output.GetSpan(64);
        "event "u8.CopyTo(span);
        Utf8Formatter.TryFormat(n, span[6..], out int digits);
        output.Advance(6 + digits);
        if (ThrowsOn?.Invoke(n) == true)
        {
            throw new FormatException("cannot format " + n);
        }

        int pad = Pad(n, digits);
        span = output.GetSpan(pad + 1);
        span[..pad].Fill((byte)'x');
        span[pad] = (byte)'\n';
        output.Advance(pad + 1);
    }

    private int Pad(int n, int digits) => FixedLength ? LineLength - 7 - digits : n % 13;
}
