using System;
using System.Threading;
using System.Threading.Tasks;

namespace Fapilog.Serilog;

/// <summary>
/// The writer thread's loop: take a batch in order and write it (<see cref="BatchWriter"/>), hand over failures,
/// answer flushes; when the queue runs empty, flush the sinks, then sleep short, nap or park (<see cref="WriterSignal"/>).
/// It leaves when a close has stopped it and the closed queue is empty, flushing and disposing the sinks on its way out.
/// </summary>
internal sealed partial class PipelineWriter
{
    private static readonly TimeSpan MinEmptyBatchPeriod = TimeSpan.FromMilliseconds(100);

    private readonly FapilogPipelineOptions _options;
    private readonly BoundedEventQueue _queue;
    private readonly PipelineCounters _counters;
    private readonly SelfLogReporter _reporter;
    private readonly SinkDispatcher _sinks;
    private readonly FailureReports _failures;
    private readonly WriterSignal _signal;
    private readonly RoomWaiters _room;
    private readonly FlushRequests _flushes;
    private readonly PipelineShutdown _shutdown;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _shortSleeps; // written by the writer only

    public PipelineWriter(Thread thread, FapilogPipelineOptions options, PipelineParts parts, PipelineShutdown shutdown, SinkDispatcher sinks)
    {
        Thread = thread;
        _options = options;
        _queue = parts.Queue;
        _counters = parts.Counters;
        _reporter = parts.Reporter;
        _failures = parts.Failures;
        _signal = parts.Signal;
        _room = parts.Room;
        _flushes = parts.Flushes;
        _shutdown = shutdown;
        _sinks = sinks;
        Batches = new BatchWriter(options, parts, sinks);
    }

    public Thread Thread { get; }

    public BatchWriter Batches { get; }

    /// <summary>Completes when the writer has left its loop (and flushed and disposed the sinks).</summary>
    public Task Exited => _exited.Task;

    /// <summary>Whether the calling thread is the writer (which must never wait for itself).</summary>
    public bool IsCurrent => Thread.CurrentThread == Thread;

    /// <summary>Short sleeps the writer has taken (see <see cref="WriterPace"/>; published as a metric).</summary>
    public long ShortSleeps => Volatile.Read(ref _shortSleeps);

    private TimeSpan EmptyBatchPeriod => _options.BufferingTimeLimit < MinEmptyBatchPeriod ? MinEmptyBatchPeriod : _options.BufferingTimeLimit;

    public void Run()
    {
        try
        {
            Loop();
            Exit();
        }
        catch (Exception ex)
        {
            _reporter.Error($"writer thread failed while closing: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            _exited.TrySetResult();
        }
    }

    private void Loop()
    {
        var spinner = default(SpinWait);

        // Whether a batch went to the sinks since their last flush, the naps since the last batch, and the rate that
        // picks short sleeps over naps: locals, not fields, because they change per batch and would otherwise share
        // cache lines with fields every Emit reads.
        bool dirty = false;
        int emptyNaps = 0;
        var pace = default(WriterPace);
        while (true)
        {
            try
            {
                long depth = _queue.Depth;
                int taken = _queue.DequeueInto(Batches.TakeBuffer);
                if (taken > 0)
                {
                    spinner.Reset();
                    emptyNaps = 0;
                    pace.Took(taken);
                    if (depth > _counters.HighWaterMark)
                    {
                        Volatile.Write(ref _counters.HighWaterMark, depth);
                    }

                    _room.WakeAll();
                    Invariants.Holds(IsCurrent, "batches are written on the writer thread");
                    if (!Batches.Write(taken))
                    {
                        return;
                    }

                    dirty = true;
                    HandOverFailures();
                    if (_flushes.Requested && _flushes.AnyDue(_counters.Completed))
                    {
                        // Deep (to disk, for Serilog.Sinks.File's buffers) only when a waiting flush is complete;
                        // whoever flushes also sees what the stages hold (the summaries of open windows).
                        if (!Batches.WriteHeld(EmitScope.Pending, ref dirty))
                        {
                            return;
                        }

                        FlushSinks(ref dirty, deep: true);
                        _flushes.Complete(_counters.Completed, exiting: false);
                    }

                    _reporter.ReportIfDue();
                    continue;
                }

                if (_queue.HasPending)
                {
                    // A producer has claimed a slot and is about to publish it: nanoseconds, unless it was preempted
                    // right there, in which case SpinWait backs off to yielding and sleeping.
                    spinner.SpinOnce();
                    continue;
                }

                // Flush before wait: at low load a line is on its way to disk at once. A flush someone asks for also
                // reaches buffers that only an explicit flush should (Serilog.Sinks.File's buffered mode).
                // Requests are taken in before the flush, so that each one completed below had its deep flush.
                // Before it, what the stages hold: a closed window's summary, everything held when a flush waits.
                bool deep = _flushes.TakeIn();
                if (!Batches.WriteHeld(deep ? EmitScope.Pending : EmitScope.Due, ref dirty))
                {
                    return;
                }

                FlushSinks(ref dirty, deep);
                _flushes.Complete(_counters.Completed, exiting: false); // at the exit, after its own deep flush
                _sinks.ReportStrayAsLate();
                HandOverFailures();
                if (Drained)
                {
                    // The close: everything the stages still hold, before the exit's deep flush.
                    Batches.WriteHeld(EmitScope.Final, ref dirty);
                    return;
                }

                _reporter.ReportIfDue();
                Idle(ref pace, ref emptyNaps);
            }
            catch (Exception ex)
            {
                _counters.RecordError(ex);
                _reporter.Error($"writer loop recovered from {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>Whether a close stopped the writer and everything admitted has been taken.</summary>
    private bool Drained => _shutdown.StopRequested && _queue.IsClosed && !_queue.HasPending;

    private void HandOverFailures()
    {
        _failures.DrainDropped();
        _failures.ApplyLateFailures();
    }

    /// <summary>
    /// Flushes the sinks when a batch went to them since their last flush; <paramref name="deep"/> (a flush someone
    /// waits for, or the close) always flushes, Serilog.Sinks.File's buffered writers included.
    /// </summary>
    private void FlushSinks(ref bool dirty, bool deep)
    {
        if (dirty || deep)
        {
            dirty = false;
            _sinks.Flush(deep);
        }
    }

    /// <summary>Leaving the loop: the last report, a deep flush, disposal, the last failures, the last flush requests.</summary>
    private void Exit()
    {
        _reporter.ReportIfDue(force: true);

        // Remote outputs start their drains first, in parallel; their deep flush then returns at once, so the exit's
        // flush waits on local outputs only and each remote output's close stays within its own bound.
        _sinks.BeginRemoteCloses();
        bool dirty = true;
        FlushSinks(ref dirty, deep: true);
        _sinks.DisposeAll(_options.ShutdownTimeout);
        _sinks.ReportStrayAsLate();
        _failures.WriterExiting();
        _flushes.Complete(_counters.Completed, exiting: true);
        _shutdown.WriterFinished();
    }
}
