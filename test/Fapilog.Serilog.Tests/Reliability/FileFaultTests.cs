using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fapilog.Serilog.Tests.Support;
using Serilog;
using Serilog.Core;

namespace Fapilog.Serilog.Tests.Reliability;

/// <summary>
/// The real file output inside a pipeline, under disk faults: each failed batch is counted and reported, and the
/// next batch after the cause goes away is written. Real faults where the OS gives them to root (deleted folder,
/// a file where the folder should be, a locked file); the stream seam where it does not (read-only, disk full:
/// root writes through chmod, and the tests cannot fill a disk).
/// </summary>
[Collection(SelfLogCollection.Name)]
public sealed class FileFaultTests : IDisposable
{
    private const int SelfLogLineBound = 6;
    private readonly TempFolder _tmp = new();

    public FileFaultTests() => Logs = Path.Combine(_tmp.Path, "logs");

    private string Logs { get; }

    private string ActiveFile => Path.Combine(Logs, "app.jsonl");

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void FolderDeletedWhileLogging_TheNextBatchRecreatesItAndNothingIsLost()
    {
        var logger = Create(null, out var pipeline);
        LogAndFlush(logger, pipeline, 0, 10);

        Directory.Delete(Logs, recursive: true);
        LogAndFlush(logger, pipeline, 10, 10);

        var result = pipeline.Close();
        Assert.Equal(20, result.Stats.Written);
        Assert.Equal(0, result.Stats.Failed);
        Assert.Equal(Enumerable.Range(10, 10), NumbersInFile());
    }

    [Fact]
    public void FolderReplacedByAFile_BatchesFailCountedAndReported_ThenWritingResumesWhenItIsGone()
    {
        using var selfLog = new SelfLogCapture();
        var logger = Create(null, out var pipeline);
        LogAndFlush(logger, pipeline, 0, 5);
        Directory.Delete(Logs, recursive: true);
        File.WriteAllText(Logs, "not a folder"); // the folder cannot be re-created, even by root

        LogAndFlush(logger, pipeline, 5, 5);
        LogAndFlush(logger, pipeline, 10, 5);
        var broken = pipeline.GetStats();
        File.Delete(Logs);
        LogAndFlush(logger, pipeline, 15, 5);
        var result = pipeline.Close();

        Assert.Equal(10, broken.Failed);
        Assert.NotNull(broken.LastError);
        AssertRecovered(result, selfLog, written: 10, failed: 10, inFile: Enumerable.Range(15, 5));
    }

    [Fact]
    public void FileLockedByAnotherHandle_BatchesFailCountedAndReported_ThenWritingResumesWhenItIsReleased()
    {
        using var selfLog = new SelfLogCapture();
        Directory.CreateDirectory(Logs);
        var logger = Create(null, out var pipeline);
        using (new FileStream(ActiveFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            LogAndFlush(logger, pipeline, 0, 5);
            Assert.Equal(5, pipeline.GetStats().Failed);
        }

        LogAndFlush(logger, pipeline, 5, 5);
        var result = pipeline.Close();

        AssertRecovered(result, selfLog, written: 5, failed: 5, inFile: Enumerable.Range(5, 5));
    }

    [Fact]
    public void FileReadOnly_ViaTheStreamSeam_BatchesFailCountedAndReported_ThenWritingResumes()
    {
        using var selfLog = new SelfLogCapture();
        bool readOnly = false;
        var logger = Create(path => readOnly ? throw new UnauthorizedAccessException($"Access to the path '{path}' is denied (injected)") : OpenFile(path), out var pipeline);
        LogAndFlush(logger, pipeline, 0, 5);

        readOnly = true;
        Directory.Delete(Logs, recursive: true); // the sink must re-open: the file it held is gone
        LogAndFlush(logger, pipeline, 5, 5);
        Assert.Contains("denied (injected)", pipeline.GetStats().LastError, StringComparison.Ordinal);
        readOnly = false;
        LogAndFlush(logger, pipeline, 10, 5);
        var result = pipeline.Close();

        AssertRecovered(result, selfLog, written: 10, failed: 5, inFile: Enumerable.Range(10, 5));
    }

    [Fact]
    public void DiskWriteFails_ViaTheStreamSeam_BatchesFailCountedAndReported_ThenWritingResumes()
    {
        using var selfLog = new SelfLogCapture();
        var disk = new FailingDisk();
        var logger = Create(path => new FaultyStream(OpenFile(path), disk), out var pipeline);
        LogAndFlush(logger, pipeline, 0, 5);

        disk.Full = true;
        LogAndFlush(logger, pipeline, 5, 5);
        LogAndFlush(logger, pipeline, 10, 5);
        Assert.Contains("No space left on device", pipeline.GetStats().LastError, StringComparison.Ordinal);
        disk.Full = false;
        LogAndFlush(logger, pipeline, 15, 5);
        var result = pipeline.Close();

        AssertRecovered(result, selfLog, written: 10, failed: 10, inFile: Enumerable.Range(0, 5).Concat(Enumerable.Range(15, 5)));
    }

    [Fact]
    public void DiskFullInTheMiddleOfAWrite_LeavesNoTornLine_AndEveryLineOfTheFileParses()
    {
        var disk = new FailingDisk();
        var logger = Create(path => new FaultyStream(OpenFile(path), disk), out var pipeline);
        LogAndFlush(logger, pipeline, 0, 5);

        // write(2) hands part of the batch to the disk before ENOSPC: the file ends in half a line.
        disk.Full = true;
        disk.WritePartially = true;
        LogAndFlush(logger, pipeline, 5, 5);
        disk.Full = false;
        LogAndFlush(logger, pipeline, 10, 5);
        var result = pipeline.Close();

        Assert.Equal(5, result.Stats.Failed);
        Assert.Equal(10, result.Stats.Written);
        Assert.Equal(Enumerable.Range(0, 5).Concat(Enumerable.Range(10, 5)), NumbersInFile());
    }

    private static void LogAndFlush(Logger logger, FapilogPipeline pipeline, int from, int count)
    {
        for (int i = from; i < from + count; i++)
        {
            logger.Information("Event {N}", i);
        }

        Assert.False(pipeline.Flush(TimeSpan.FromMinutes(1)).TimedOut);
    }

    /// <summary>
    /// After close: exactly <paramref name="written"/> written and <paramref name="failed"/> failed, nothing left
    /// queued, the file holds <paramref name="inFile"/>, and SelfLog summarised the failures.
    /// </summary>
    private void AssertRecovered(DrainResult result, SelfLogCapture selfLog, int written, int failed, IEnumerable<int> inFile)
    {
        Assert.Equal(written, result.Stats.Written);
        Assert.Equal(failed, result.Stats.Failed);
        Pipelines.AssertDrained(result.Stats);
        Assert.Equal(inFile, NumbersInFile());
        AssertFailuresSummarised(selfLog, failed);
    }

    private static void AssertFailuresSummarised(SelfLogCapture selfLog, long events)
    {
        var lines = selfLog.Lines;
        long reported = lines
            .Select(l => Regex.Match(l, @"sink RollingFileSink failed \d+ times? \((\d+) events\)"))
            .Where(m => m.Success)
            .Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(events, reported);
        Assert.InRange(lines.Count, 1, SelfLogLineBound);
    }

    private static FileStream OpenFile(string path)
        => new(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);

    private Logger Create(Func<string, Stream>? openStream, out FapilogPipeline pipeline)
    {
        var file = new FapilogFileOptions
        {
            Path = Path.Combine(Logs, "app.jsonl"),
            RollingInterval = FapilogRollingInterval.Infinite,
            OpenStream = openStream,
        };
        return new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt => wt.FapilogFile(file),
                new FapilogPipelineOptions { Name = "file-" + Guid.NewGuid().ToString("N")[..8], FlushOnProcessExit = false },
                out pipeline)
            .CreateLogger();
    }

    private IReadOnlyList<int> NumbersInFile() =>
        Batches.ReadShared(ActiveFile)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line =>
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.GetProperty("log").GetProperty("data").GetProperty("N").GetInt32();
            })
            .ToList();

    private sealed class FailingDisk
    {
        public volatile bool Full;

        public volatile bool WritePartially;
    }

    /// <summary>A real file whose writes fail while the disk is "full", as write(2) does with ENOSPC.</summary>
    private sealed class FaultyStream : Stream
    {
        private readonly FileStream _inner;
        private readonly FailingDisk _disk;

        public FaultyStream(FileStream inner, FailingDisk disk)
        {
            _inner = inner;
            _disk = disk;
        }

        public override bool CanRead => false;

        public override bool CanSeek => _inner.CanSeek;

        public override bool CanWrite => true;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => _inner.Position = value; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_disk.Full)
            {
                if (_disk.WritePartially)
                {
                    _inner.Write(buffer[..(buffer.Length / 2)]);
                }

                throw new IOException("No space left on device (injected)");
            }

            _inner.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush() => _inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void SetLength(long value) => _inner.SetLength(value);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
