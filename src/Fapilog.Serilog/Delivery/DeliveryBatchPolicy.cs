using System;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// When a remote output sends: as soon as the waiting events fill a batch (by count or bytes), when the oldest of them
/// has waited <c>BatchTimeLimit</c>, or at once when urgent (the output closes, or a deep flush waits). A pure policy
/// on the values given.
/// </summary>
internal sealed class DeliveryBatchPolicy
{
    private readonly int _sizeLimit;
    private readonly long _bytesLimit;
    private readonly TimeSpan _timeLimit;

    public DeliveryBatchPolicy(int sizeLimit, long bytesLimit, TimeSpan timeLimit)
    {
        _sizeLimit = sizeLimit;
        _bytesLimit = bytesLimit;
        _timeLimit = timeLimit;
    }

    /// <summary>
    /// How long until a batch should be sent: zero when now, <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// when nothing waits.
    /// </summary>
    public TimeSpan UntilReady(int waitingEvents, long waitingBytes, TimeSpan oldestAge, bool urgent)
    {
        if (waitingEvents == 0)
        {
            return System.Threading.Timeout.InfiniteTimeSpan;
        }

        if (urgent || waitingEvents >= _sizeLimit || waitingBytes >= _bytesLimit)
        {
            return TimeSpan.Zero;
        }

        var left = _timeLimit - oldestAge;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
