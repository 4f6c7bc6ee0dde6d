using System;
using System.IO;
using Fapilog.Serilog.Formatting;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// Writes a batch to standard output in one write (more only past <see cref="BatchEncoder.ChunkThreshold"/>): JSON
/// lines or pretty lines, whichever formatter its <see cref="BatchEncoder"/> was given.
/// </summary>
/// <remarks>
/// Writing straight to the standard output stream (not <see cref="Console.Out"/>) skips the UTF-16 writer and its
/// lock. The lock here is for plain <see cref="ILogEventSink"/> use outside a pipeline.
/// </remarks>
internal sealed class ConsoleSink : IFapilogBatchSink, ILogEventSink, IDisposable
{
    private readonly object _sync = new();
    private readonly Stream _output;

    // Guarded by _sync.
    private readonly BatchEncoder _encoder;
    private bool _disposed;

    public ConsoleSink(IUtf8EventFormatter formatter, Stream output, LogEventLevel minimumLevel = LogEventLevel.Verbose)
    {
        _encoder = new BatchEncoder(formatter, minimumLevel);
        _output = output ?? throw new ArgumentNullException(nameof(output));
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
            while (chunks.MoveNext())
            {
                try
                {
                    _output.Write(chunks.Bytes);
                }
                catch (Exception ex)
                {
                    // Earlier chunks are out: only this one and the rest of the batch fail.
                    chunks.MarkFailedFrom(0, ex);
                }
            }

            chunks.ThrowIfAny();
        }
    }

    public void Flush()
    {
        lock (_sync)
        {
            _output.Flush();
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
            try
            {
                _output.Flush();
            }
            catch (Exception)
            {
                // Standard output closed by the host: nothing left to save, and Dispose must not throw.
            }

            // Standard output belongs to the process: flushed, never closed.
            _encoder.Dispose();
        }
    }
}
