namespace Fapilog.Serilog;

/// <summary>What an ordinary (unprotected) event does when the queue has no room for it.</summary>
public enum QueueFullMode
{
    /// <summary>Drop the incoming event and count it (<see cref="DropReason.QueueFull"/>). Costs nanoseconds. The default.</summary>
    Drop,

    /// <summary>
    /// Wait up to <see cref="FapilogPipelineOptions.MaxWait"/> for room (spinning briefly, then parked), then drop
    /// and count it. With <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> the caller blocks until there is room.
    /// </summary>
    Wait,
}
