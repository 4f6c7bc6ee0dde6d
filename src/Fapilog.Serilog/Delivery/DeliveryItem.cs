using System;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// One encoded event held in a remote output's memory: its exact bytes, whether it is protected, its place in the
/// output's order (<see cref="Sequence"/>, shared with the spool's records) and when it arrived.
/// </summary>
internal sealed class DeliveryItem
{
    public DeliveryItem(byte[] bytes, bool isProtected, long arrived, long sequence)
    {
        Bytes = bytes;
        IsProtected = isProtected;
        Arrived = arrived;
        Sequence = sequence;
    }

    /// <summary>The event's record; null once displaced by a protected event (guarded by the buffer's lock).</summary>
    public byte[]? Bytes { get; set; }

    public bool IsProtected { get; }

    /// <summary>When it arrived, as a timestamp of the output's clock (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long Arrived { get; }

    /// <summary>The output's sequence number of the event: memory and spool are merged into one order by it.</summary>
    public long Sequence { get; }
}
