using System;
using System.IO;
using Fapilog.Serilog.Formatting;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// The rotating JSON-lines file: takes a batch's lines from its <see cref="BatchEncoder"/> and hands them to the
/// operating system in one write (more only past <see cref="FileChunkThreshold"/> or at a size roll).
/// The open file is <see cref="ActiveLogFile"/>, naming is in <see cref="RollingPolicy"/>, deletion in
/// <see cref="RetentionPolicy"/>, gzip and retention I/O in <see cref="FileSetMaintenance"/>.
/// </summary>
/// <remarks>
/// A failed write or open closes the file and fails the events not yet written (the whole batch when none was), so
/// the pipeline counts them; the next batch re-opens the file (re-creating the folder), so the output never stays
/// broken. Inside a pipeline only the writer thread calls it; the lock is for plain <see cref="ILogEventSink"/> use
/// and for disposal from another thread.
/// </remarks>
internal sealed class RollingFileSink : IFapilogBatchSink, ILogEventSink, IDisposable
{
    // Well inside the pipeline's default ShutdownTimeout (5 s): a compression cut short by the process
    // ending is redone by the maintenance pass of the next start, which finds the rolled file still there.
    private static readonly TimeSpan MaintenanceWaitOnDispose = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Larger than the other outputs' chunks: a default batch of 1 000 envelope lines (~400 KB) is one write, and the
    /// kernel takes fewer, larger writes faster (with the reserved blocks of <see cref="FilePreallocation"/>,
    /// 256 KiB writes went at ~5 GB/s, 1 MiB writes at ~7 GB/s into a warm page cache). The buffer stays under 1 MiB.
    /// </summary>
    internal const int FileChunkThreshold = 768 * 1024;

    private readonly object _sync = new();
    private readonly RollingPolicy _rolling;
    private readonly long? _sizeLimit;
    private readonly bool _flushToDisk;
    private readonly TimeProvider _time;
    private readonly IFileChain? _chain;

    // All below: guarded by _sync.
    private readonly BatchEncoder _encoder;
    private readonly ActiveLogFile _file;
    private bool _disposed;

    public RollingFileSink(FapilogFileOptions options, IUtf8EventFormatter formatter, LogEventLevel minimumLevel = LogEventLevel.Verbose)
        : this(options, formatter, minimumLevel, chain: null)
    {
    }

    /// <summary>A file output whose lines are chained: <paramref name="chain"/> is told what reached the file.</summary>
    internal RollingFileSink(FapilogFileOptions options, IUtf8EventFormatter formatter, LogEventLevel minimumLevel, IFileChain? chain)
    {
        ArgumentNullException.ThrowIfNull(options);
        _chain = chain;
        options.Validate();
        _encoder = new BatchEncoder(formatter, minimumLevel, FileChunkThreshold);
        string full = Path.GetFullPath(options.Path);
        string directory = Path.GetDirectoryName(full) ?? Path.GetPathRoot(full)!;
        _rolling = new RollingPolicy(Path.GetFileNameWithoutExtension(full), Path.GetExtension(full), options.RollingInterval);
        _sizeLimit = options.FileSizeLimitBytes;
        _flushToDisk = options.FlushToDisk;
        _time = options.TimeProvider;
        Maintenance = new FileSetMaintenance(
            directory, _rolling, new RetentionPolicy(options.RetainedFileCountLimit, options.RetainedFileTimeLimit),
            options.CompressRolledFiles, _time);
        _file = new ActiveLogFile(directory, _rolling, options.OpenStream, Maintenance, chain);
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
            var chunks = _encoder.Encode(batch);
            if (WriteChunks(chunks) && _flushToDisk)
            {
                FlushToDisk();
            }

            chunks.ThrowIfAny();
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
            _encoder.Dispose();
            (_chain as IDisposable)?.Dispose();
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

    /// <summary>Writes the chunks, rolling where the size limit says; false when the file failed (and was closed).</summary>
    private bool WriteChunks(BatchEncoder.Chunks chunks)
    {
        // The chunk's first event that fails if the next step throws: 0 until the chunk is in the file, then its
        // end (a roll that fails after the write costs only the events after the chunk).
        int failFrom = 0;
        try
        {
            _file.OpenOrRollByTime(_rolling.PeriodStart(_time.GetUtcNow()));
            while (chunks.MoveNext())
            {
                failFrom = 0;
                int cut = SizeRollPoint(chunks);
                bool roll = cut < chunks.Count;
                chunks.CutBefore(cut);
                _file.Write(chunks.Bytes);
                failFrom = chunks.Count;
                if (_chain is not null && chunks.Count > 0)
                {
                    _chain.Written(chunks.EventBytes(0), chunks.EventBytes(chunks.Count - 1), chunks.Count);
                }

                if (roll)
                {
                    _file.RollBySize();
                }
            }

            return true;
        }
        catch (Exception ex)
        {
            // Drop the half-written state: the next batch starts from a freshly opened file.
            _file.Close();
            _chain?.Failed();
            chunks.MarkFailedFrom(failFrom, ex);
            return false;
        }
    }

    /// <summary>
    /// The chunk's first event that would take the file past its size limit, so that what precedes it completes the
    /// file and it starts the next one; unless nothing precedes it in the file (an event larger than the limit is
    /// written alone). The chunk's count when there is none.
    /// </summary>
    private int SizeRollPoint(BatchEncoder.Chunks chunks)
    {
        if (_sizeLimit is long limit)
        {
            long length = _file.Length;
            for (int k = 0; k < chunks.Count; k++)
            {
                if (length + chunks.EventEnd(k) > limit && length + chunks.EventStart(k) > 0)
                {
                    return k;
                }
            }
        }

        return chunks.Count;
    }

    private void FlushToDisk()
    {
        try
        {
            _file.FlushToDisk();
        }
        catch
        {
            // Not durable is not written: the batch fails as a whole, and the next one re-opens the file.
            _file.Close();
            _chain?.Failed();
            throw;
        }
    }
}
