using System;
using System.IO;
using Fapilog.Serilog.Formatting;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// The rotating JSON-lines file: formats a batch into one reused UTF-8 buffer and hands it to the operating system
/// in one write (more only past <see cref="WriteThreshold"/> or at a size roll). Naming is in
/// <see cref="RollingPolicy"/>, deletion in <see cref="RetentionPolicy"/>, gzip and retention I/O in
/// <see cref="FileSetMaintenance"/>.
/// </summary>
/// <remarks>
/// Any failure closes the file and throws, so the pipeline counts the batch as failed; the next batch re-opens
/// the file (re-creating the folder), so the output never stays broken. Inside a pipeline only the writer thread
/// calls it; the lock is for plain <see cref="ILogEventSink"/> use and for disposal from another thread.
/// </remarks>
internal sealed class RollingFileSink : IFapilogBatchSink, ILogEventSink, IDisposable
{
    /// <summary>Bytes buffered before a write happens mid-batch, bounding memory for huge batches.</summary>
    internal const int WriteThreshold = 256 * 1024;

    // Well inside the pipeline's default ShutdownTimeout (5 s): a compression cut short by the process
    // ending is redone by the maintenance pass of the next start, which finds the rolled file still there.
    private static readonly TimeSpan MaintenanceWaitOnDispose = TimeSpan.FromSeconds(2);

    private readonly object _sync = new();
    private readonly IUtf8EventFormatter _formatter;
    private readonly string _directory;
    private readonly RollingPolicy _rolling;
    private readonly long? _sizeLimit;
    private readonly bool _flushToDisk;
    private readonly TimeProvider _time;
    private readonly Func<string, Stream> _openStream;
    private readonly PooledByteBuffer _buffer = new();

    // Applied here rather than by Serilog's restricting wrapper, which would hide IFapilogBatchSink from the pipeline.
    private readonly LogEventLevel _minimumLevel;

    // All below: guarded by _sync.
    private Stream? _stream;
    private string? _activePath;
    private LogFileName _active;
    private long _fileSize;
    private bool _disposed;

    public RollingFileSink(FapilogFileOptions options, IUtf8EventFormatter formatter, LogEventLevel minimumLevel = LogEventLevel.Verbose)
    {
        _minimumLevel = minimumLevel;
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _formatter = formatter ?? throw new ArgumentNullException(nameof(formatter));
        string full = Path.GetFullPath(options.Path);
        _directory = Path.GetDirectoryName(full) ?? Path.GetPathRoot(full)!;
        _rolling = new RollingPolicy(Path.GetFileNameWithoutExtension(full), Path.GetExtension(full), options.RollingInterval);
        _sizeLimit = options.FileSizeLimitBytes;
        _flushToDisk = options.FlushToDisk;
        _time = options.TimeProvider;
        _openStream = options.OpenStream ?? OpenFile;
        Maintenance = new FileSetMaintenance(
            _directory, _rolling, new RetentionPolicy(options.RetainedFileCountLimit, options.RetainedFileTimeLimit),
            options.CompressRolledFiles, _time);
    }

    internal FileSetMaintenance Maintenance { get; }

    internal string? ActivePath
    {
        get
        {
            lock (_sync)
            {
                return _activePath;
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        var e = WriterContext.Resolve(logEvent);
        EmitBatch(new ReadOnlySpan<FapilogEvent>(in e));
    }

    public void EmitBatch(ReadOnlySpan<FapilogEvent> batch)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                WriteBatch(batch);
            }
            catch
            {
                // Drop the half-written state: the next batch starts from a freshly opened file.
                _buffer.Clear();
                CloseStream();
                throw;
            }
        }
    }

    public void Flush()
    {
        lock (_sync)
        {
            // Batches are already with the operating system (the stream has no buffer of its own).
            _stream?.Flush();
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CloseStream();
            _buffer.Dispose();
        }

        try
        {
            // Bounded: a compression still running after this finishes in the background, or on the next start.
            Maintenance.Idle.Wait(MaintenanceWaitOnDispose);
        }
        catch (Exception)
        {
            // Never throw from Dispose; maintenance reports its own failures.
        }
    }

    private void WriteBatch(ReadOnlySpan<FapilogEvent> batch)
    {
        OpenOrRollByTime(_rolling.PeriodStart(_time.GetUtcNow()));
        var failures = default(BatchFailures);

        // Index of the first event whose bytes are in _buffer (not yet written): when a write fails, the
        // events before it are on disk and stay written; only it and those after it fail.
        int unwritten = 0;
        for (int i = 0; i < batch.Length; i++)
        {
            ref readonly var e = ref batch[i];
            if (e.LogEvent.Level < _minimumLevel)
            {
                continue;
            }

            int before = _buffer.Count;
            if (!failures.TryFormat(_formatter, in e, i, _buffer))
            {
                continue;
            }

            if (_sizeLimit is long limit && _fileSize + _buffer.Count > limit && _fileSize + before > 0)
            {
                // This event would pass the limit: what precedes it completes the current file.
                WriteOrFailFrom(_buffer.WrittenSpan[..before], unwritten, batch, ref failures);
                _buffer.RemovePrefix(before);
                unwritten = i;
                CloseStream();
                OpenSlot(_active.PeriodStart, _active.Sequence + 1);
                Maintenance.Schedule(_active);
            }
            else if (_buffer.Count >= WriteThreshold)
            {
                WriteOrFailFrom(_buffer.WrittenSpan, unwritten, batch, ref failures);
                _buffer.Clear();
                unwritten = i + 1;
            }
        }

        WriteOrFailFrom(_buffer.WrittenSpan, unwritten, batch, ref failures);
        _buffer.Clear();
        if (_flushToDisk)
        {
            if (_stream is FileStream file)
            {
                file.Flush(flushToDisk: true);
            }
            else
            {
                _stream!.Flush();
            }
        }

        failures.ThrowIfAny();
    }

    private void WriteOrFailFrom(ReadOnlySpan<byte> bytes, int unwritten, ReadOnlySpan<FapilogEvent> batch, ref BatchFailures failures)
    {
        try
        {
            Write(bytes);
        }
        catch (Exception ex) when (unwritten > 0)
        {
            // Earlier chunks of this batch reached the file: report only the events from this chunk on.
            failures.FailFrom(unwritten, batch, _minimumLevel, ex);
            failures.ThrowIfAny();
            throw;
        }
    }

    private void OpenOrRollByTime(DateTimeOffset periodStart)
    {
        if (_stream is not null)
        {
            // A clock that steps back keeps the current file: names must keep sorting in time order.
            bool samePeriod = periodStart <= _active.PeriodStart;
            if (samePeriod && (_stream is not FileStream || File.Exists(_activePath)))
            {
                return;
            }

            // A new period, or the file (or its folder) was deleted or moved away: a write would vanish.
            CloseStream();
            periodStart = samePeriod ? _active.PeriodStart : periodStart;
        }

        // At start, after a time roll and after a re-open: each pass is idempotent, so a spare one is harmless.
        OpenSlot(periodStart, LatestSequence(periodStart));
        Maintenance.Schedule(_active);
    }

    /// <summary>A restart appends to the period's latest file, unless that one was already compressed.</summary>
    private int LatestSequence(DateTimeOffset periodStart)
    {
        if (!Directory.Exists(_directory))
        {
            return 0;
        }

        LogFileName? latest = null;
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            if (_rolling.TryParse(Path.GetFileName(path), out var f) && f.PeriodStart == periodStart
                && (latest is null || f.Sequence > latest.Value.Sequence || (f.Sequence == latest.Value.Sequence && f.IsCompressed)))
            {
                latest = f;
            }
        }

        return latest is null ? 0 : latest.Value.Sequence + (latest.Value.IsCompressed ? 1 : 0);
    }

    private void OpenSlot(DateTimeOffset periodStart, int sequence)
    {
        Directory.CreateDirectory(_directory);
        string name = _rolling.FileName(periodStart, sequence);
        string path = Path.Combine(_directory, name);
        _stream = _openStream(path);
        _fileSize = _stream.CanSeek ? _stream.Length : 0;
        _active = new LogFileName(name, periodStart, sequence, IsCompressed: false);
        _activePath = path;
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        try
        {
            _stream!.Write(bytes);
        }
        catch
        {
            // A write that fails part-way (ENOSPC after some blocks reached the disk) leaves half a line at the
            // end of the file, and the next batch would append to it: one unparsable line and a lost event. Each
            // write starts at a line boundary (_fileSize), so cutting the file back there keeps every line whole.
            TruncateTo(_fileSize);
            throw;
        }

        _fileSize += bytes.Length;
    }

    private void TruncateTo(long length)
    {
        try
        {
            if (_stream is { CanSeek: true } stream && stream.Length > length)
            {
                stream.SetLength(length);
            }
        }
        catch (Exception)
        {
            // Best effort: the write's own error is the one the pipeline counts and reports.
        }
    }

    private void CloseStream()
    {
        var stream = _stream;
        _stream = null;
        try
        {
            stream?.Dispose();
        }
        catch (Exception)
        {
            // Closing a broken file can fail again; what matters is that the next batch re-opens.
        }
    }

    // No FileStream buffer (bufferSize 0): our batch buffer is the only one, so each batch is one write(2).
    private static FileStream OpenFile(string path)
    {
        IncompleteLineRepair.Repair(path);
        return new(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
    }
}
