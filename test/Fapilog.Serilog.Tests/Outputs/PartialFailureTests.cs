using System;
using System.IO;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;

namespace Fapilog.Serilog.Tests.Outputs;

/// <summary>One event that cannot be formatted fails alone, not with its whole batch.</summary>
public class PartialFailureTests
{
    [Fact]
    public void FileOutput_WithAFormatterThatThrowsOnOneEvent_WritesTheOthers_AndCountsOneFailure()
    {
        using var folder = new TempFolder();
        string path = folder.File("app.log");
        var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt => wt.FapilogFile(new PickyFormatter(), path, rollingInterval: global::Fapilog.Serilog.FapilogRollingInterval.Infinite),
                new FapilogPipelineOptions { Name = "partial-file", FlushOnProcessExit = false },
                out var pipeline)
            .CreateLogger();

        for (int i = 0; i < 50; i++)
        {
            logger.Information("Event {N}", i);
        }

        logger.Dispose();

        Assert.Equal(Enumerable.Range(0, 50).Where(n => n != 13).Select(n => $"Event {n}"), File.ReadAllLines(path));
        var stats = pipeline.GetStats();
        Assert.Equal(49, stats.Written);
        Assert.Equal(1, stats.Failed);
        Pipelines.AssertDrained(stats);
    }

    [Fact]
    public void RoutingSink_ReportsInnerPartialFailuresAtTheirPositionsInTheOriginalBatch()
    {
        var inner = new RecordingBatchSink { FailWhen = e => Some.NumberOf(e.LogEvent) == 2 };
        var routing = new LevelRoutingSink(new global::Serilog.Core.ILogEventSink[] { new PartialSink(inner) }, level => level < FapilogLevel.Audit);
        var batch = new[]
        {
            FapilogEvent.Standalone(Some.Numbered(0)),
            FapilogEvent.Standalone(Some.Audit(1)),
            FapilogEvent.Standalone(Some.Numbered(2)),
            FapilogEvent.Standalone(Some.Numbered(3)),
        };

        var error = Assert.Throws<PartialBatchException>(() => routing.EmitBatch(batch));

        Assert.Equal(new[] { 2 }, error.FailedIndexes);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    /// <summary>Throws on event 13, as a user formatter with a bug might.</summary>
    private sealed class PickyFormatter : ITextFormatter
    {
        public void Format(LogEvent logEvent, TextWriter output)
        {
            if (Some.NumberOf(logEvent) == 13)
            {
                throw new FormatException("cannot format 13");
            }

            output.Write(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        }
    }

    /// <summary>Writes what it can, one event at a time, and reports the rest as a partial failure.</summary>
    private sealed class PartialSink : IFapilogBatchSink, global::Serilog.Core.ILogEventSink
    {
        private readonly RecordingBatchSink _inner;

        public PartialSink(RecordingBatchSink inner) => _inner = inner;

        public void EmitBatch(ReadOnlySpan<FapilogEvent> batch)
        {
            var failed = new System.Collections.Generic.List<int>();
            Exception? first = null;
            for (int i = 0; i < batch.Length; i++)
            {
                try
                {
                    _inner.EmitBatch(batch.Slice(i, 1));
                }
                catch (InvalidOperationException ex)
                {
                    failed.Add(i);
                    first ??= ex;
                }
            }

            if (failed.Count > 0)
            {
                throw new PartialBatchException(failed, first);
            }
        }

        public void Flush()
        {
        }

        public void Emit(LogEvent logEvent) => throw new NotSupportedException();
    }
}

/// <summary>A batch larger than one write: a write that fails after an earlier chunk reached the file fails only the rest.</summary>
public class ChunkedWriteFailureTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void FileOutput_WhenTheSecondChunkOfABatchFails_KeepsTheFirstChunkAsWritten()
    {
        var stream = new SecondWriteFails();
        var options = new global::Fapilog.Serilog.FapilogFileOptions { Path = _tmp.File("app.jsonl"), OpenStream = _ => stream };
        using var sink = new global::Fapilog.Serilog.Outputs.RollingFileSink(options, new TestLineFormatter(), global::Serilog.Events.LogEventLevel.Verbose);
        var batch = Batches.Numbered(0, 40_000); // well over one 256 KiB write

        var error = Assert.Throws<PartialBatchException>(() => sink.EmitBatch(batch));

        int firstFailed = error.FailedIndexes[0];
        Assert.InRange(firstFailed, 1, 39_999);
        Assert.Equal(Enumerable.Range(firstFailed, 40_000 - firstFailed), error.FailedIndexes);
        Assert.Equal(firstFailed, System.Text.Encoding.UTF8.GetString(stream.Written).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact]
    public void ConsoleOutput_WhenTheSecondChunkOfABatchFails_KeepsTheFirstChunkAsWritten()
    {
        var stream = new SecondWriteFails();
        using var sink = new global::Fapilog.Serilog.Outputs.ConsoleSink(new TestLineFormatter(), stream);
        var batch = Batches.Numbered(0, 40_000);

        var error = Assert.Throws<PartialBatchException>(() => sink.EmitBatch(batch));

        int firstFailed = error.FailedIndexes[0];
        Assert.InRange(firstFailed, 1, 39_999);
        Assert.Equal(Enumerable.Range(firstFailed, 40_000 - firstFailed), error.FailedIndexes);
        Assert.Equal(firstFailed, System.Text.Encoding.UTF8.GetString(stream.Written).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void FileOutput_WhenTheNextFileCannotBeOpenedAtASizeRoll_FailsOnlyTheEventsAfterTheRoll()
    {
        var first = new MemoryStream();
        var options = new global::Fapilog.Serilog.FapilogFileOptions
        {
            Path = _tmp.File("app.jsonl"),
            FileSizeLimitBytes = 2 * TestLineFormatter.ShortLineLength,
            OpenStream = path => path.Contains("_001", StringComparison.Ordinal) ? throw new UnauthorizedAccessException("denied (injected)") : first,
        };
        using var sink = new global::Fapilog.Serilog.Outputs.RollingFileSink(options, new TestLineFormatter());

        var error = Assert.Throws<PartialBatchException>(() => sink.EmitBatch(Batches.Numbered(1, 5)));

        Assert.Equal(new[] { 2, 3, 4 }, error.FailedIndexes);
        Assert.IsType<UnauthorizedAccessException>(error.InnerException);
        Assert.Equal(new[] { 1, 2 }, Batches.NumbersIn(System.Text.Encoding.UTF8.GetString(first.ToArray())));
    }

    private sealed class SecondWriteFails : MemoryStream
    {
        private int _writes;

        public byte[] Written => ToArray();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (++_writes == 2)
            {
                throw new IOException("disk full");
            }

            base.Write(buffer.ToArray(), 0, buffer.Length);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    }
}
