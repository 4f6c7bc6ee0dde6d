using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Outputs;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Outputs;

public class RollingFileSinkTests : IDisposable
{
    private readonly TempFolder _tmp = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    private string Logs => Path.Combine(_tmp.Path, "logs");

    public void Dispose() => _tmp.Dispose();

    private RollingFileSink Sink(Action<FapilogFileOptions>? configure = null, LogEventLevel minimumLevel = LogEventLevel.Verbose)
    {
        var options = new FapilogFileOptions { Path = Path.Combine(Logs, "app.jsonl"), TimeProvider = _clock };
        configure?.Invoke(options);
        return new RollingFileSink(options, new TestLineFormatter(), minimumLevel);
    }

    private string InLogs(string name) => Path.Combine(Logs, name);

    [Fact]
    public void EmitBatch_WritesEachEventAsOneJsonLine_InTheCurrentPeriodsFile_CreatingTheFolder()
    {
        using (var sink = Sink())
        {
            sink.EmitBatch(Batches.Numbered(1, 3));
        }

        Assert.Equal(new[] { "app-20261122.jsonl" }, Batches.FileNames(Logs));
        Assert.Equal(new[] { 1, 2, 3 }, Batches.NumbersInFile(InLogs("app-20261122.jsonl")));
    }

    [Fact]
    public void EmitBatch_HandsTheWholeBatchToTheStreamInOneWrite()
    {
        var stream = new CountingStream();
        using var sink = Sink(o => o.OpenStream = _ => stream);

        sink.EmitBatch(Batches.Numbered(1, 500));

        Assert.Equal(1, stream.Writes);
        Assert.Equal(Enumerable.Range(1, 500), Batches.NumbersIn(stream.Text));
    }

    [Fact]
    public void EmitBatch_PastTheWriteThreshold_WritesInLargeChunksNotPerEvent()
    {
        var stream = new CountingStream();
        using var sink = Sink(o => o.OpenStream = _ => stream);
        var big = new string('x', 300_000);

        sink.EmitBatch(Batches.Of(Enumerable.Range(1, 5).Select(n => Some.Event(properties: new[] { ("N", (object?)n), ("Pad", big) })).ToArray()));

        // 3 events pass the file's 768 KiB, so they go in one write, and the last 2 at the end of the batch.
        Assert.True(3 * 300_000 > RollingFileSink.FileChunkThreshold && 2 * 300_000 < RollingFileSink.FileChunkThreshold);
        Assert.Equal(2, stream.Writes);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, Batches.NumbersIn(stream.Text));
    }

    [Fact]
    public void SizeLimit_RollsBeforeAWriteWouldPassTheLimit_WithSequencedNames()
    {
        using (var sink = Sink(o => o.FileSizeLimitBytes = 2 * TestLineFormatter.ShortLineLength))
        {
            sink.EmitBatch(Batches.Numbered(1, 5));
        }

        Assert.Equal(new[] { "app-20261122.jsonl", "app-20261122_001.jsonl", "app-20261122_002.jsonl" }, Batches.FileNames(Logs));
        Assert.Equal(new[] { 1, 2 }, Batches.NumbersInFile(InLogs("app-20261122.jsonl")));
        Assert.Equal(new[] { 3, 4 }, Batches.NumbersInFile(InLogs("app-20261122_001.jsonl")));
        Assert.Equal(new[] { 5 }, Batches.NumbersInFile(InLogs("app-20261122_002.jsonl")));
        Assert.All(Directory.GetFiles(Logs), f => Assert.True(new FileInfo(f).Length <= 2 * TestLineFormatter.ShortLineLength));
    }

    [Fact]
    public void SizeLimit_AnEventLargerThanTheLimit_IsWrittenAloneInItsOwnFile()
    {
        using (var sink = Sink(o => o.FileSizeLimitBytes = 30))
        {
            sink.EmitBatch(Batches.Of(Some.Numbered(1), Some.Event(properties: new[] { ("N", (object?)2), ("Pad", new string('x', 100)) }), Some.Numbered(3)));
        }

        Assert.Equal(new[] { 1 }, Batches.NumbersInFile(InLogs("app-20261122.jsonl")));
        Assert.Equal(new[] { 2 }, Batches.NumbersInFile(InLogs("app-20261122_001.jsonl")));
        Assert.Equal(new[] { 3 }, Batches.NumbersInFile(InLogs("app-20261122_002.jsonl")));
    }

    [Fact]
    public void Interval_RollsOnTheFirstWriteAfterTheBoundary_AndLeavesNoEmptyFiles()
    {
        _clock.Set(new DateTimeOffset(2026, 11, 22, 23, 59, 59, TimeSpan.Zero));
        using (var sink = Sink())
        {
            sink.EmitBatch(Batches.Numbered(1, 1));
            _clock.Advance(TimeSpan.FromDays(2));
            sink.EmitBatch(Batches.Numbered(2, 1));
        }

        Assert.Equal(new[] { "app-20261122.jsonl", "app-20261124.jsonl" }, Batches.FileNames(Logs));
        Assert.Equal(new[] { 2 }, Batches.NumbersInFile(InLogs("app-20261124.jsonl")));
    }

    [Fact]
    public void Interval_Hourly_RollsEachHourDrivenByTheClock()
    {
        using (var sink = Sink(o => o.RollingInterval = FapilogRollingInterval.Hour))
        {
            for (int n = 1; n <= 3; n++)
            {
                sink.EmitBatch(Batches.Numbered(n, 1));
                _clock.Advance(TimeSpan.FromMinutes(30));
            }
        }

        Assert.Equal(new[] { "app-2026112210.jsonl", "app-2026112211.jsonl" }, Batches.FileNames(Logs));
        Assert.Equal(new[] { 1, 2 }, Batches.NumbersInFile(InLogs("app-2026112210.jsonl")));
    }

    [Fact]
    public void Restart_AppendsToTheCurrentPeriodsLatestFile_InsteadOfStartingANewOne()
    {
        Action<FapilogFileOptions> limit = o => o.FileSizeLimitBytes = 2 * TestLineFormatter.ShortLineLength;
        using (var first = Sink(limit))
        {
            first.EmitBatch(Batches.Numbered(1, 3));
        }

        using (var second = Sink(limit))
        {
            second.EmitBatch(Batches.Numbered(4, 2));
        }

        Assert.Equal(new[] { "app-20261122.jsonl", "app-20261122_001.jsonl", "app-20261122_002.jsonl" }, Batches.FileNames(Logs));
        Assert.Equal(new[] { 3, 4 }, Batches.NumbersInFile(InLogs("app-20261122_001.jsonl")));
        Assert.Equal(new[] { 5 }, Batches.NumbersInFile(InLogs("app-20261122_002.jsonl")));
    }

    [Fact]
    public void Restart_WhenThePeriodsLatestFileIsCompressed_StartsTheNextSequence()
    {
        Directory.CreateDirectory(Logs);
        File.WriteAllBytes(InLogs("app-20261122.jsonl.gz"), Array.Empty<byte>());

        using (var sink = Sink())
        {
            sink.EmitBatch(Batches.Numbered(1, 1));
        }

        Assert.Equal(new[] { 1 }, Batches.NumbersInFile(InLogs("app-20261122_001.jsonl")));
    }

    [Fact]
    public void FlushToDisk_FlushesTheStreamAfterEachBatch()
    {
        var stream = new CountingStream();
        using var sink = Sink(o => { o.OpenStream = _ => stream; o.FlushToDisk = true; });

        sink.EmitBatch(Batches.Numbered(1, 2));
        sink.EmitBatch(Batches.Numbered(3, 2));

        Assert.Equal(2, stream.Flushes);
    }

    [Fact]
    public void FlushToDisk_OnARealFile_WritesTheBatch()
    {
        using (var sink = Sink(o => o.FlushToDisk = true))
        {
            sink.EmitBatch(Batches.Numbered(1, 2));
            Assert.Equal(new[] { 1, 2 }, Batches.NumbersInFile(InLogs("app-20261122.jsonl")));
        }
    }

    [Fact]
    public void WithoutFlushToDisk_TheBatchIsWithTheOperatingSystemBeforeAnyFlush()
    {
        using var sink = Sink();

        sink.EmitBatch(Batches.Numbered(1, 2));

        Assert.Equal(new[] { 1, 2 }, Batches.NumbersInFile(InLogs("app-20261122.jsonl")));
    }

    [Fact]
    public void WriteError_FailsTheBatchAndClosesTheFile_ThenTheNextBatchReopensAndIsWritten()
    {
        var opened = new List<CountingStream>();
        using var sink = Sink(o => o.OpenStream = _ =>
        {
            var s = new CountingStream { FailNextWrites = opened.Count == 0 ? 1 : 0 };
            opened.Add(s);
            return s;
        });

        Assert.Throws<IOException>(() => sink.EmitBatch(Batches.Numbered(1, 2)));
        sink.EmitBatch(Batches.Numbered(3, 2));

        Assert.Equal(2, opened.Count);
        Assert.True(opened[0].IsDisposed);
        Assert.Equal(new[] { 3, 4 }, Batches.NumbersIn(opened[1].Text));
    }

    [Fact]
    public void OpenError_FailsTheBatch_ThenTheNextBatchTriesAgain()
    {
        int attempts = 0;
        var stream = new CountingStream();
        using var sink = Sink(o => o.OpenStream = _ => ++attempts == 1 ? throw new UnauthorizedAccessException("denied (injected)") : stream);

        Assert.Throws<UnauthorizedAccessException>(() => sink.EmitBatch(Batches.Numbered(1, 1)));
        sink.EmitBatch(Batches.Numbered(2, 1));

        Assert.Equal(new[] { 2 }, Batches.NumbersIn(stream.Text));
    }

    [Fact]
    public void FolderDeletedBetweenBatches_TheNextBatchRecreatesItAndIsNotLost()
    {
        using var sink = Sink();
        sink.EmitBatch(Batches.Numbered(1, 1));

        Directory.Delete(Logs, recursive: true);
        sink.EmitBatch(Batches.Numbered(2, 1));

        Assert.Equal(new[] { 2 }, Batches.NumbersInFile(InLogs("app-20261122.jsonl")));
    }

    [Fact]
    public void MinimumLevel_SkipsLowerEvents_ButAuditAndSecurityPass()
    {
        using (var sink = Sink(minimumLevel: LogEventLevel.Warning))
        {
            sink.EmitBatch(Batches.Of(Some.Numbered(1), Some.Numbered(2, LogEventLevel.Warning), Some.Audit(3), Some.Security(4)));
        }

        Assert.Equal(new[] { 2, 3, 4 }, Batches.NumbersInFile(InLogs("app-20261122.jsonl")));
    }

    [Fact]
    public void Emit_AsAPlainSerilogSink_WritesEachEvent()
    {
        using (var sink = Sink())
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("Event {N}", 7);
            logger.Warning("Event {N}", 8);
        }

        Assert.Equal(new[] { 7, 8 }, Batches.NumbersInFile(InLogs("app-20261122.jsonl")));
    }

    [Fact]
    public void Dispose_IsIdempotent_AndLaterBatchesThrowObjectDisposed()
    {
        var sink = Sink();
        sink.EmitBatch(Batches.Numbered(1, 1));

        sink.Dispose();
        sink.Dispose();

        Assert.Throws<ObjectDisposedException>(() => sink.EmitBatch(Batches.Numbered(2, 1)));
    }
}
