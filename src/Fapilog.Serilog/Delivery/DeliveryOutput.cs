using System;
using System.Diagnostics;
using Fapilog.Serilog.Delivery.Spool;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Outputs;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// The writer's side of every remote output: encodes a batch with the shared <see cref="BatchEncoder"/> and hands each
/// event's exact bytes to the output's own <see cref="DeliveryBuffer"/>, which its <see cref="DeliveryLoop"/> sends.
/// Nothing here waits on the network: a dead backend costs the writer thread one copy per event (into a pooled array,
/// or the spool's staging buffer), and nothing is allocated per event in steady state.
/// </summary>
/// <remarks>
/// <para>For the pipeline an event is written once it is in this output's buffer; from there this output's own figures
/// (<see cref="Snapshot"/>, the <c>fapilog.output.*</c> metrics) account for it: delivered, failed, dropped or pending.
/// An event whose formatter throws never reaches the buffer and is reported to the pipeline as failed.</para>
/// <para><see cref="Flush"/> does not wait for the network (the writer calls it whenever its queue runs empty); the
/// batching timer bounds how long an event waits. A deep flush (<see cref="FlushDeep"/>: an explicit flush, SIGTERM,
/// an unhandled exception) sends at once and waits, within the close timeout. The pipeline's close calls
/// <see cref="BeginClose"/> on every remote output first, so they drain in parallel; <see cref="Dispose"/> then waits
/// for this one's drain, within the close timeout counted from its start.</para>
/// </remarks>
internal sealed class DeliveryOutput : IFapilogBatchSink, ILogEventSink, IRemoteOutput, IDisposable
{
    private readonly object _sync = new();
    private readonly FapilogLevel _protectedFrom;
    private readonly TimeProvider _time;
    private readonly DeliveryBuffer _buffer;
    private readonly DeliveryLoop _loop;
    private readonly IDeliveryTransport _transport;
    private readonly DiskSpool? _spool;

    // Guarded by _sync (the writer thread, or Emit callers outside a pipeline).
    private readonly BatchEncoder _encoder;
    private readonly IUtf8EventFormatter _formatter; // the output's own: disposed with it
    private bool _disposed;

    public DeliveryOutput(string name, IUtf8EventFormatter formatter, LogEventLevel minimumLevel, FapilogDeliveryOptions options, IDeliveryTransport transport)
    {
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _formatter = formatter;
        _encoder = new BatchEncoder(formatter, minimumLevel);
        _protectedFrom = options.ProtectedMinimumLevel;
        _time = options.TimeProvider;
        var reports = new DeliveryReports(name, _time);
        _spool = SpoolLocation.Open(options, name, reports.SpoolUnavailable);
        _buffer = new DeliveryBuffer(options.BufferEventLimit, options.BufferBytesLimit, _spool, options.Spool);
        if (_spool is not null)
        {
            reports.SpoolOpened(_spool);
        }

        _loop = new DeliveryLoop(name, _buffer, transport, options);
        _loop.Start();
        DeliveryMetrics.Register(this);
    }

    /// <summary>The output's name in stats, metrics and <c>SelfLog</c>.</summary>
    public string Name { get; }

    public DeliveryStats Snapshot() => _buffer.Snapshot(Name, _loop.Breaker);

    public FapilogOutputStats GetStats() => new(Snapshot());

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
            long now = _time.GetTimestamp();
            bool offered = false;
            var chunks = _encoder.Encode(batch);
            while (chunks.MoveNext())
            {
                for (int k = 0; k < chunks.Count; k++)
                {
                    bool isProtected = batch[chunks.EventIndex(k)].Level >= _protectedFrom;
                    _buffer.Offer(chunks.EventBytes(k), isProtected, now);
                    offered = true;
                }
            }

            if (offered)
            {
                _buffer.EndOffers();
                _loop.Wake();
            }

            chunks.ThrowIfAny();
        }
    }

    public void Flush()
    {
        // Deliberately not a network flush: the writer calls this whenever its queue runs empty, and waiting for the
        // backend here would stall every other output of the pipeline. The batching timer bounds the wait instead.
    }

    /// <summary>Both steps of a deep flush, for this output alone.</summary>
    public void FlushDeep()
    {
        if (StartFlushDeep() is { } flush)
        {
            FinishFlushDeep(flush);
        }
    }

    public RemoteFlush? StartFlushDeep()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return null;
            }
        }

        long startedAt = Stopwatch.GetTimestamp();
        if (_loop.StartFlushDeep() is { } target)
        {
            return new RemoteFlush(this, target, startedAt);
        }

        // Nothing to wait for from the network; what the spool holds still goes to the disk now.
        _buffer.SyncSpool();
        return null;
    }

    public void FinishFlushDeep(RemoteFlush flush)
    {
        _loop.WaitFlushed(flush.Target, flush.StartedAt);
        _buffer.SyncSpool();
    }

    public void BeginClose() => _loop.BeginClose();

    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        try
        {
            _loop.Close();
        }
        finally
        {
            DeliveryMetrics.Unregister(this);
            _loop.Dispose();

            // A thread stuck in a send past the bound still uses the transport: leave it to the finalizers then. The
            // spool it no longer touches (the buffer was abandoned): closing it writes what is there to disk.
            if (_loop.HasExited)
            {
                _transport.Dispose();
            }

            _spool?.Dispose();

            lock (_sync)
            {
                _encoder.Dispose();
                (_formatter as IDisposable)?.Dispose();
            }
        }
    }
}
