using System;
using System.Threading;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>Throws on every event for which <c>shouldThrow</c> is true (every event by default).</summary>
internal sealed class ThrowingSink : ILogEventSink, IDisposable
{
    private readonly Func<LogEvent, bool> _shouldThrow;
    private readonly bool _throwOnDispose;

    public ThrowingSink(Func<LogEvent, bool>? shouldThrow = null, bool throwOnDispose = false)
    {
        _shouldThrow = shouldThrow ?? (_ => true);
        _throwOnDispose = throwOnDispose;
    }

    public int Attempts;

    public void Emit(LogEvent logEvent)
    {
        Interlocked.Increment(ref Attempts);
        if (_shouldThrow(logEvent))
        {
            throw new InvalidOperationException("sink failure");
        }
    }

    public void Dispose()
    {
        if (_throwOnDispose)
        {
            throw new InvalidOperationException("dispose failure");
        }
    }
}

/// <summary>Hangs in Emit until released (the test releases it at the end so the thread can finish).</summary>
internal sealed class HangingSink : ILogEventSink, IDisposable
{
    private readonly ManualResetEventSlim _release = new(false);

    public ManualResetEventSlim Entered { get; } = new(false);

    public bool Disposed { get; private set; }

    public void Emit(LogEvent logEvent)
    {
        Entered.Set();
        _release.Wait();
    }

    public void Release() => _release.Set();

    public void Dispose() => Disposed = true;
}
