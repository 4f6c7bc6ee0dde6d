using System;
using System.Collections.Generic;
using System.Threading;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A sink whose Emit blocks until the test opens the gate, so a test can hold the writer thread and fill the
/// queue deterministically. <see cref="Entered"/> is set as soon as the writer is inside Emit.
/// </summary>
internal sealed class GatedSink : ILogEventSink, IDisposable
{
    private readonly ManualResetEventSlim _gate = new(false);
    private readonly List<LogEvent> _events = new();

    public ManualResetEventSlim Entered { get; } = new(false);

    public IReadOnlyList<LogEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToArray();
            }
        }
    }

    public bool Disposed { get; private set; }

    public void Emit(LogEvent logEvent)
    {
        Entered.Set();
        _gate.Wait();
        lock (_events)
        {
            _events.Add(logEvent);
        }
    }

    /// <summary>Waits (generously; this only fires on a hang) until the writer is blocked inside Emit.</summary>
    public void WaitUntilWriterIsHeld() => Assert.True(Entered.Wait(TimeSpan.FromSeconds(30)), "the writer never reached the gated sink");

    public void Open() => _gate.Set();

    /// <summary>Closes the gate again, so the next event holds the writer once more.</summary>
    public void Rearm()
    {
        _gate.Reset();
        Entered.Reset();
    }

    public void Dispose()
    {
        Disposed = true;
        _gate.Set();
    }
}
