using System;
using System.Threading;
using System.Threading.Tasks;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A slow sink under the test's control: each event needs a permit. <see cref="Starved"/> is set when the writer
/// starts waiting for one (the test resets it), so a test knows exactly how far the writer got without timing
/// anything.
/// </summary>
internal sealed class MeteredSink : ILogEventSink, IDisposable
{
    private readonly SemaphoreSlim _permits = new(0);
    private int _written;

    public ManualResetEventSlim Starved { get; } = new(false);

    public int Written => Volatile.Read(ref _written);

    public bool Disposed { get; private set; }

    public void Allow(int events) => _permits.Release(events);

    public void Emit(LogEvent logEvent)
    {
        if (!_permits.Wait(0))
        {
            Starved.Set();
            _permits.Wait();
        }

        Interlocked.Increment(ref _written);
    }

    public void Dispose() => Disposed = true;
}

/// <summary>A sink that spins for a while per event: slow, never hung.</summary>
internal sealed class SpinningSink : ILogEventSink
{
    private readonly int _iterations;
    private int _count;

    public SpinningSink(int iterations) => _iterations = iterations;

    public int Count => Volatile.Read(ref _count);

    public void Emit(LogEvent logEvent)
    {
        Thread.SpinWait(_iterations);
        Interlocked.Increment(ref _count);
    }
}

/// <summary>A sink that is only <see cref="IAsyncDisposable"/>, and whose disposal throws.</summary>
internal sealed class ThrowingAsyncDisposableSink : ILogEventSink, IAsyncDisposable
{
    public void Emit(LogEvent logEvent)
    {
    }

    public ValueTask DisposeAsync() => ValueTask.FromException(new InvalidOperationException("async dispose failure"));
}
