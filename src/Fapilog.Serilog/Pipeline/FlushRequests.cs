using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Fapilog.Serilog;

/// <summary>
/// Callers waiting for "everything I logged before this call is written", both halves: the request a caller queues
/// and the writer's completion of it once its count of completed positions reaches the request's target.
/// </summary>
/// <remarks>
/// Invariant: a request completes only after a deep flush that began after the writer took it in, with every
/// position below its target completed, or when the writer leaves its loop (it drains everything first, so a request that raced a close is
/// satisfied too). <see cref="Pending"/> is above zero from the moment a request is queued until the writer has
/// taken it in, so a writer about to nap or park sees it.
/// </remarks>
internal sealed class FlushRequests
{
    private readonly ConcurrentQueue<Request> _queued = new();
    private readonly List<Request> _waiting = new(); // writer thread only
    private int _pending;                            // Interlocked: queued, not yet taken in by the writer
    private int _owner;                              // Debug: the writer thread, the only one that completes

    /// <summary>Whether a request was queued that the writer has not taken in (it must not nap or park on it).</summary>
    public bool Pending => Volatile.Read(ref _pending) > 0;

    /// <summary>Writer thread: whether anyone waits for a flush (the writer then flushes deep).</summary>
    public bool Requested => Pending || _waiting.Count > 0;

    /// <summary>
    /// Any thread: queues a request for every position below <paramref name="target"/>; the caller wakes the
    /// writer. The task completes when the writer completes the request, or when <paramref name="writerExited"/> does.
    /// </summary>
    public Task<Task> Queue(long target, Task writerExited)
    {
        var request = new Request(target);
        _queued.Enqueue(request);
        Interlocked.Increment(ref _pending);
        return Task.WhenAny(request.Done.Task, writerExited);
    }

    /// <summary>Writer thread: takes new requests in; whether one of them has had its target reached.</summary>
    public bool AnyDue(long completed)
    {
        TakeIn();
        foreach (var request in _waiting)
        {
            if (completed >= request.Target)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Writer thread, before it flushes: takes new requests in; whether any waits (the flush must then be deep).
    /// </summary>
    public bool TakeIn()
    {
        Invariants.OwnedBy(ref _owner, "the waiting flush requests");
        while (_queued.TryDequeue(out var request))
        {
            Interlocked.Decrement(ref _pending);
            _waiting.Add(request);
        }

        return _waiting.Count > 0;
    }

    /// <summary>
    /// Writer thread, after a deep flush: completes the requests taken in before it whose target
    /// <paramref name="completed"/> reached, or every request when the writer is <paramref name="exiting"/> (it has
    /// drained and flushed everything). A request queued after the flush waits for the next one.
    /// </summary>
    public void Complete(long completed, bool exiting)
    {
        Invariants.OwnedBy(ref _owner, "the waiting flush requests");
        if (exiting)
        {
            TakeIn();
        }

        for (int i = _waiting.Count - 1; i >= 0; i--)
        {
            var request = _waiting[i];
            if (completed >= request.Target || exiting)
            {
                request.Done.TrySetResult(true);
                _waiting.RemoveAt(i);
            }
        }
    }

    /// <summary>A caller waiting until every event enqueued before its call (positions below Target) is written.</summary>
    private sealed class Request
    {
        public Request(long target) => Target = target;

        public long Target { get; }

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
