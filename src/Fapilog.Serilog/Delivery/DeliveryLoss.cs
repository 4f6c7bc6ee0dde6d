namespace Fapilog.Serilog.Delivery;

/// <summary>Why a remote output did not deliver an event: the first two are drops, the rest failures.</summary>
internal enum DeliveryLoss
{
    /// <summary>Dropped on arrival: the output's buffer was full (ordinary events go first).</summary>
    BufferFull,

    /// <summary>Dropped on arrival: the output was closing or closed.</summary>
    Closed,

    /// <summary>Failed: the backend refused the batch for good (a 4xx other than 408 and 429, or a redirect).</summary>
    Rejected,

    /// <summary>Failed: still not delivered after <c>RetryTimeLimit</c> of retries with the breaker letting requests through.</summary>
    RetryTimeExceeded,

    /// <summary>Failed: still not delivered when the close's bound ran out.</summary>
    ShutdownTimeout,

    /// <summary>Failed: its record in the spool could not be read back (a disk error after it was written).</summary>
    SpoolDamaged,
}

/// <summary>Names of the losses as counters, metrics and <c>SelfLog</c> show them.</summary>
internal static class DeliveryLosses
{
    public const int Count = 6;

    public static bool IsDrop(DeliveryLoss loss) => loss is DeliveryLoss.BufferFull or DeliveryLoss.Closed;

    public static string Name(DeliveryLoss loss) => loss switch
    {
        DeliveryLoss.BufferFull => "buffer_full",
        DeliveryLoss.Closed => "closed",
        DeliveryLoss.Rejected => "rejected",
        DeliveryLoss.RetryTimeExceeded => "retry_time_exceeded",
        DeliveryLoss.SpoolDamaged => "spool_damaged",
        _ => "shutdown_timeout",
    };
}
