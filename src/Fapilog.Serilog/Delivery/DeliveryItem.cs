using System;

namespace Fapilog.Serilog.Delivery;

/// <summary>One encoded event held by a remote output: its exact bytes, whether it is protected, when it arrived.</summary>
internal sealed class DeliveryItem
{
    public DeliveryItem(byte[] bytes, bool isProtected, long arrived)
    {
        Bytes = bytes;
        IsProtected = isProtected;
        Arrived = arrived;
    }

    /// <summary>The event's line; null once displaced by a protected event (guarded by the buffer's lock).</summary>
    public byte[]? Bytes { get; set; }

    public bool IsProtected { get; }

    /// <summary>When it arrived, as a timestamp of the output's clock (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long Arrived { get; }
}
