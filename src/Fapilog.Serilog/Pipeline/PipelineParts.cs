using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>
/// The parts one pipeline's protocols share, built once in dependency order: the queue and its counters, who gets in
/// (<see cref="Admission"/>), who waits (<see cref="RoomWaiters"/>, <see cref="FlushRequests"/>), how the writer is
/// woken (<see cref="WriterSignal"/>), and where failures go (<see cref="SelfLogReporter"/>, <see cref="FailureReports"/>).
/// </summary>
internal sealed class PipelineParts
{
    public PipelineParts(FapilogPipelineOptions options, object sender)
    {
        Name = options.Name;
        ProtectedLevels = options.ProtectedLevels;
        Queue = new BoundedEventQueue(options.QueueLimit);
        Admission = new Admission(options);
        Reporter = new SelfLogReporter(options.Name, Counters, options.TimeProvider, options.ReportInterval);
        Signal = new WriterSignal(Queue, Admission.OrdinaryLimit);
        Room = new RoomWaiters(Counters);
        Failures = new FailureReports(sender, this);
    }

    public string Name { get; }

    public IReadOnlyCollection<FapilogLevel> ProtectedLevels { get; }

    public BoundedEventQueue Queue { get; }

    public PipelineCounters Counters { get; } = new();

    public Admission Admission { get; }

    public SelfLogReporter Reporter { get; }

    public WriterSignal Signal { get; }

    public RoomWaiters Room { get; }

    public FlushRequests Flushes { get; } = new();

    public FailureReports Failures { get; }

    /// <summary>The counters now, consistent with each other (taken under the completion lock).</summary>
    public FapilogPipelineStats Snapshot()
    {
        var c = Counters;
        lock (c.CompletionLock)
        {
            return new FapilogPipelineStats(
                Name, Queue.Claimed, c.Completed, c.CopyDrops(), c.Written, c.Failed, c.Filtered, c.Batches,
                c.HighWaterMark, System.Threading.Volatile.Read(ref c.LastError), Queue.IsClosed, c.Emitted, c.CopyFilteredByHeld())
            {
                Redacted = System.Threading.Interlocked.Read(ref c.Redacted),
                RedactionFailures = System.Threading.Interlocked.Read(ref c.RedactionFailures),
            };
        }
    }
}
