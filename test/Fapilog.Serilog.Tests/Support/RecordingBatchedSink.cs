using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A Serilog 4 <see cref="IBatchedLogEventSink"/> that records what it receives, on which thread, and can fail its
/// first <c>failFirst</c> calls (or all of them).
/// </summary>
internal sealed class RecordingBatchedSink : IBatchedLogEventSink, IDisposable
{
    private readonly List<LogEvent> _received = new();
    private readonly int _failFirst;
    private int _calls;

    public RecordingBatchedSink(int failFirst = 0) => _failFirst = failFirst;

    public IReadOnlyList<LogEvent> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToArray();
            }
        }
    }

    public HashSet<string?> Threads { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public int LargestBatch { get; private set; }

    public int Disposals { get; private set; }

    /// <summary>Set by the third <c>OnEmptyBatchAsync</c> that comes after at least one event was received.</summary>
    public ManualResetEventSlim EmptyBatchesAfterEvents { get; } = new(false);

    public int EmptyBatchesBeforeEvents { get; private set; }

    private int _emptyBatchesAfterEvents;

    public Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        int call = Interlocked.Increment(ref _calls);
        lock (_received)
        {
            Threads.Add(Thread.CurrentThread.Name);
            if (call <= _failFirst)
            {
                return Task.FromException(new InvalidOperationException($"batch call {call} fails on purpose"));
            }

            _received.AddRange(batch);
            LargestBatch = Math.Max(LargestBatch, batch.Count);
        }

        return Task.CompletedTask;
    }

    public Task OnEmptyBatchAsync()
    {
        lock (_received)
        {
            if (_received.Count == 0)
            {
                EmptyBatchesBeforeEvents++;
            }
            else if (++_emptyBatchesAfterEvents == 3)
            {
                EmptyBatchesAfterEvents.Set();
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose() => Disposals++;
}

/// <summary>The same, shaped as PeriodicBatching 5's own interface (<c>IEnumerable</c> batches).</summary>
internal sealed class RecordingPeriodicBatchedSink : global::Serilog.Sinks.PeriodicBatching.IBatchedLogEventSink, IDisposable
{
    private readonly List<LogEvent> _received = new();

    public IReadOnlyList<LogEvent> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToArray();
            }
        }
    }

    public HashSet<string?> Threads { get; } = new();

    public int Disposals { get; private set; }

    public Task EmitBatchAsync(IEnumerable<LogEvent> batch)
    {
        lock (_received)
        {
            Threads.Add(Thread.CurrentThread.Name);
            _received.AddRange(batch);
        }

        return Task.CompletedTask;
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;

    public void Dispose() => Disposals++;
}
