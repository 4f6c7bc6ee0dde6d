using System;
using System.IO;
using Fapilog.Serilog.Formatting;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// The rotating JSON-lines file: formats a batch into one reused UTF-8 buffer and hands it to the operating system
/// in one write (more only past <see cref="WriteThreshold"/> or at a size roll). The open file is
/// <see cref="ActiveLogFile"/>, naming is in <see cref="RollingPolicy"/>, deletion in <see cref="RetentionPolicy"/>,
/// gzip and retention I/O in <see cref="FileSetMaintenance"/>.
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
    private readonly RollingPolicy _rolling;
    private readonly long? _sizeLimit;
    private readonly bool _flushToDisk;
    private readonly TimeProvider _time;
    private readonly PooledByteBuffer _buffer = new();

    // Applied here rather than by Serilog's restricting wrapper, which would hide IFapilogBatchSink from the pipeline.
    private readonly LogEventLevel _minimumLevel;

    // All below: guarded by _sync.
    private readonly ActiveLogFile _file;
    private bool _disposed;

    public RollingFileSink(FapilogFileOptions options, IUtf8EventFormatter formatter, LogEventLevel minimumLevel = LogEventLevel.Verbose)
    {
        _minimumLevel = minimumLevel;
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _formatter = formatter ?? throw new ArgumentNullException(nameof(formatter));
        string full = Path.GetFullPath(options.Path);
        string directory = Path.GetDirectoryName(full) ?? Path.GetPathRoot(full)!;
        _rolling = new RollingPolicy(Path.GetFileNameWithoutExtension(full), Path.GetExtension(full), options.RollingInterval);
        _sizeLimit = options.FileSizeLimitBytes;
        _flushToDisk = options.FlushToDisk;
        _time = options.TimeProvider;
        Maintenance = new FileSetMaintenance(
            directory, _rolling, new RetentionPolicy(options.RetainedFileCountLimit, options.RetainedFileTimeLimit),
            options.CompressRolledFiles, _time);
        _file = new ActiveLogFile(directory, _rolling, options.OpenStream, Maintenance);
    }

    internal FileSetMaintenance Maintenance { get; }

    internal string? ActivePath
    {
        get
        {
            lock (_sync)
            {
                return _file.Path;
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
                _file.Close();
                throw;
            }
        }
    }

    public void Flush()
    {
        lock (_sync)
        {
            _file.Flush();
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
            _file.Close();
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
        _file.OpenOrRollByTime(_rolling.PeriodStart(_time.GetUtcNow()));
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

            if (_sizeLimit is long limit && _file.Length + _buffer.Count > limit && _file.Length + before > 0)
            {
                // This event would pass the limit: what precedes it completes the current file.
                WriteOrFailFrom(_buffer.WrittenSpan[..before], unwritten, batch, ref failures);
                _buffer.RemovePrefix(before);
                unwritten = i;
                _file.RollBySize();
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
            _file.FlushToDisk();
        }

        failures.ThrowIfAny();
    }

    private void WriteOrFailFrom(ReadOnlySpan<byte> bytes, int unwritten, ReadOnlySpan<FapilogEvent> batch, ref BatchFailures failures)
    {
        try
        {
            _file.Write(bytes);
        }
        catch (Exception ex) when (unwritten > 0)
        {
            // Earlier chunks of this batch reached the file: report only the events from this chunk on.
            failures.FailFrom(unwritten, batch, _minimumLevel, ex);
            failures.ThrowIfAny();
            throw;
        }
    }
}
