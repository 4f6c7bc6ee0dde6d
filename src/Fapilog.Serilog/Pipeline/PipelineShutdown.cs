using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// The close, both halves: the closing thread stops intake, gives waiting producers the drain's first moments,
/// stops the writer and waits for it within the close's bound, and abandons what is left when the bound runs out;
/// the writer drains, leaves its loop and completes the close itself when nobody waits for it.
/// </summary>
/// <remarks>
/// <para>Invariants: only the first close acts (<see cref="HasBegun"/>); later closes wait for its result. The
/// result is completed once, by the closing thread or by the writer, with the same counters. After an abandon
/// (<see cref="PipelineCounters.MarkAbandoned"/>, under the counters' lock) the writer counts, writes and reports
/// nothing more, so no event is counted twice.</para>
/// <para>A fifth of the close's time, at most <see cref="MaxListenerReserve"/>, is kept back for handing what a close
/// abandons to Serilog's failure listener, so that a hung fallback cannot make the close overrun its bound.</para>
/// </remarks>
internal sealed class PipelineShutdown
{
    private static readonly TimeSpan MaxListenerReserve = TimeSpan.FromSeconds(1);

    private readonly PipelineParts _parts;
    private readonly Action _onClosing;
    private readonly TaskCompletionSource<DrainResult> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _begun;            // 0 until the first close; read by callers' slow path
    private long _started;         // Stopwatch timestamp of the first close
    private volatile bool _stopRequested;

    /// <summary>Creates the close of one pipeline; <paramref name="onClosing"/> runs once, as the first close begins.</summary>
    public PipelineShutdown(PipelineParts parts, Action onClosing)
    {
        _parts = parts;
        _onClosing = onClosing;
    }

    /// <summary>Whether a close has begun (callers then no longer wait for room).</summary>
    public bool HasBegun => Volatile.Read(ref _begun) != 0;

    /// <summary>Set once the queue is closed: the writer leaves its loop when the closed queue is empty.</summary>
    public bool StopRequested => _stopRequested;

    /// <summary>The close's result, once a close has ended.</summary>
    public Task<DrainResult> Completion => _closed.Task;

    /// <summary>Stops intake, drains within <paramref name="timeout"/>, disposes the sinks, reports what was left.</summary>
    public DrainResult Close(TimeSpan timeout, PipelineWriter writer)
    {
        var started = Stopwatch.GetTimestamp();
        if (!Begin(timeout, writer))
        {
            return _closed.Task.Wait(timeout) ? _closed.Task.Result : Result(started, timedOut: true);
        }

        if (writer.IsCurrent)
        {
            // A sink closing its own pipeline: the writer goes on draining after this call returns and completes
            // the close when it leaves its loop (see WriterFinished).
            return Result(started, timedOut: false);
        }

        bool exited = writer.Exited.Wait(DrainBudget(timeout, started));
        return End(exited, started, timeout, writer);
    }

    /// <summary>The asynchronous form of <see cref="Close"/>.</summary>
    public async Task<DrainResult> CloseAsync(TimeSpan timeout, PipelineWriter writer)
    {
        var started = Stopwatch.GetTimestamp();
        if (!Begin(timeout, writer))
        {
            return await Waits.Within(_closed.Task, timeout, CancellationToken.None).ConfigureAwait(false)
                ? await _closed.Task.ConfigureAwait(false)
                : Result(started, timedOut: true);
        }

        if (writer.IsCurrent)
        {
            return Result(started, timedOut: false);
        }

        bool exited = await Waits.Within(writer.Exited, DrainBudget(timeout, started), CancellationToken.None).ConfigureAwait(false);
        return End(exited, started, timeout, writer);
    }

    /// <summary>Writer thread, leaving its loop: completes the close unless a close gave up on the writer.</summary>
    public void WriterFinished()
    {
        if (!_parts.Counters.IsAbandoned)
        {
            _closed.TrySetResult(new DrainResult(_parts.Snapshot(), Stopwatch.GetElapsedTime(_started), timedOut: false));
        }
    }

    private DrainResult Result(long started, bool timedOut) =>
        new(_parts.Snapshot(), Stopwatch.GetElapsedTime(started), timedOut);

    /// <summary>What the drain may take: the close's time less what passed and the listener's reserve.</summary>
    private TimeSpan DrainBudget(TimeSpan timeout, long started)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return timeout;
        }

        var reserve = TimeSpan.Zero;
        if (_parts.Failures.HasListener)
        {
            var fifth = timeout / 5;
            reserve = fifth < MaxListenerReserve ? fifth : MaxListenerReserve;
        }

        var left = timeout - Stopwatch.GetElapsedTime(started) - reserve;
        return left < TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    private bool Begin(TimeSpan timeout, PipelineWriter writer)
    {
        if (Interlocked.Exchange(ref _begun, 1) != 0)
        {
            return false;
        }

        _started = Stopwatch.GetTimestamp();
        try
        {
            _onClosing();
        }
        catch (Exception ex)
        {
            // Whatever went wrong leaving a registry or removing a hook, the close itself must go on.
            _parts.Reporter.Error($"closing: {ex.GetType().Name}: {ex.Message}");
        }

        // Producers already parked for room arrived before the close: give them the drain's first moments to land
        // (bounded by the close's own time limit) before admission shuts. Newcomers no longer wait (HasBegun), so
        // this ends as soon as the writer frees room for those already waiting.
        if (!writer.IsCurrent && _parts.Room.Waiting > 0)
        {
            SpinWait.SpinUntil(() => _parts.Room.Waiting == 0, timeout);
        }

        _parts.Queue.Close();
        _stopRequested = true;
        _parts.Room.ReleaseAll(); // waiting producers see the queue closed and drop (closed)
        _parts.Signal.Wake();
        return true;
    }

    private DrainResult End(bool exited, long started, TimeSpan timeout, PipelineWriter writer)
    {
        if (!exited)
        {
            Abandon(timeout, started, writer);
        }

        var result = Result(started, timedOut: !exited);
        _closed.TrySetResult(result);
        return result;
    }

    /// <summary>The writer did not finish in time: what it holds and what is queued is counted, reported, handed over.</summary>
    private void Abandon(TimeSpan timeout, long started, PipelineWriter writer)
    {
        var counters = _parts.Counters;
        long left;
        long[] byLevel = new long[PipelineCounters.LevelCount];
        var abandoned = _parts.Failures.HasListener ? new List<LogEvent>() : null;
        lock (counters.CompletionLock)
        {
            counters.MarkAbandoned();
            left = _parts.Queue.Claimed - counters.Completed;
            writer.Batches.CountInFlight(byLevel, left, abandoned);
            for (int level = 0; level < byLevel.Length; level++)
            {
                counters.Drop(DropReason.ShutdownTimeout, PipelineCounters.LevelAt(level), byLevel[level]);
            }
        }

        long protectedLeft = 0;
        foreach (var level in _parts.ProtectedLevels)
        {
            protectedLeft += byLevel[PipelineCounters.LevelIndex(level)];
        }

        _parts.Reporter.ReportForStuckWriter(
            $"closed with {left} events not written (shutdown_timeout), {protectedLeft} of them protected: the writer " +
            $"did not finish within {timeout.TotalMilliseconds:0} ms; sinks still busy were not disposed");
        if (abandoned is not null)
        {
            // Within what is left of the close's time (the reserve kept it back): a hung fallback must not make the
            // close hang or overrun its timeout.
            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            _parts.Failures.ReportAbandoned(abandoned, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }
    }
}
