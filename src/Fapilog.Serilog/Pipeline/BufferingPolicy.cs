using System;

namespace Fapilog.Serilog;

/// <summary>
/// Decides, for a pipeline whose sinks prefer full batches, whether the writer takes a batch now or waits for
/// a fuller one. Pure and synchronous (the clock is injected), so it is tested without threads. Writer thread only.
/// </summary>
internal sealed class BufferingPolicy
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _limit;
    private readonly int _batchSize;

    // When the writer first saw the partial batch it is waiting on; null when it waits on nothing.
    private DateTimeOffset? _waitingSince;

    public BufferingPolicy(TimeProvider time, TimeSpan limit, int batchSize)
    {
        _time = time;
        _limit = limit;
        _batchSize = batchSize;
    }

    /// <summary>
    /// <see cref="TimeSpan.Zero"/> when a batch should be taken now (full, waited long enough, urgent, or
    /// nothing queued); otherwise how long to wait at most for a fuller one.
    /// </summary>
    /// <param name="depth">Events queued.</param>
    /// <param name="urgent">A flush or a close is waiting.</param>
    public TimeSpan Decide(long depth, bool urgent)
    {
        if (depth <= 0)
        {
            _waitingSince = null;
            return TimeSpan.Zero;
        }

        if (urgent || depth >= _batchSize)
        {
            return TimeSpan.Zero;
        }

        var now = _time.GetUtcNow();
        _waitingSince ??= now;
        var waited = now - _waitingSince.Value;
        return waited >= _limit ? TimeSpan.Zero : _limit - waited;
    }

    /// <summary>
    /// A batch was taken. Events left behind were queued before now, so their wait is counted from now at the
    /// latest (a slight overestimate of how long they may still wait, never an underestimate of the bound).
    /// </summary>
    public void BatchTaken(long depthLeft) => _waitingSince = depthLeft > 0 ? _time.GetUtcNow() : null;
}
