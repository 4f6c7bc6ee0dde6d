using System;
using System.IO;
using Fapilog.Serilog.Formatting;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs;

/// <summary>
/// Writes a batch to standard output in one write: JSON lines or pretty lines, whichever formatter it was given.
/// </summary>
/// <remarks>
/// Writing straight to the standard output stream (not <see cref="Console.Out"/>) skips the UTF-16 writer and its
/// lock. The lock here is for plain <see cref="ILogEventSink"/> use outside a pipeline.
/// </remarks>
internal sealed class ConsoleSink : IFapilogBatchSink, ILogEventSink, IDisposable
{
    private readonly object _sync = new();
    private readonly IUtf8EventFormatter _formatter;
    private readonly Stream _output;
    private readonly PooledByteBuffer _buffer = new();

    // Applied here rather than by Serilog's restricting wrapper, which would hide IFapilogBatchSink from the pipeline.
    private readonly LogEventLevel _minimumLevel;
    private bool _disposed;

    public ConsoleSink(IUtf8EventFormatter formatter, Stream output, LogEventLevel minimumLevel = LogEventLevel.Verbose)
    {
        _minimumLevel = minimumLevel;
        _formatter = formatter ?? throw new ArgumentNullException(nameof(formatter));
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
            try
            {
                var failures = default(BatchFailures);
                for (int i = 0; i < batch.Length; i++)
                {
                    ref readonly var e = ref batch[i];
                    if (e.LogEvent.Level < _minimumLevel || !failures.TryFormat(_formatter, in e, i, _buffer))
                    {
                        continue;
                    }

                    if (_buffer.Count >= RollingFileSink.WriteThreshold)
                    {
                        _output.Write(_buffer.WrittenSpan);
                        _buffer.Clear();
                    }
                }

                if (_buffer.Count > 0)
                {
                    _output.Write(_buffer.WrittenSpan);
                }

                failures.ThrowIfAny();
            }
            finally
            {
                _buffer.Clear();
            }
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
            _buffer.Dispose();
        }
    }
}
