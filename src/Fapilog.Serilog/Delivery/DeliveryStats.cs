using System;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// A snapshot of one remote output's figures, taken under its buffer's lock, so that
/// <c>Accepted == Delivered + Failed + Dropped + Pending</c> holds exactly in every snapshot.
/// </summary>
internal sealed record DeliveryStats(
    string Output,
    long Accepted,
    long Delivered,
    long Pending,
    long PendingBytes,
    long Retried,
    long Requests,
    long[] Losses,
    DeliveryBreakerState Breaker,
    string? LastError,
    SpoolFigures Spool = default)
{
    /// <summary>Events dropped on arrival, every reason.</summary>
    public long Dropped => LossFor(DeliveryLoss.BufferFull) + LossFor(DeliveryLoss.Closed);

    /// <summary>Events accepted that will never be delivered, every reason.</summary>
    public long Failed => LossFor(DeliveryLoss.Rejected) + LossFor(DeliveryLoss.RetryTimeExceeded) + LossFor(DeliveryLoss.ShutdownTimeout)
        + LossFor(DeliveryLoss.SpoolDamaged);

    public long LossFor(DeliveryLoss loss) => Losses[(int)loss];

    /// <summary>The output's invariant: every accepted event is delivered, failed, dropped or still pending.</summary>
    public bool IsConsistent => Accepted == Delivered + Failed + Dropped + Pending;

    public override string ToString() =>
        FormattableString.Invariant($"{Output}: accepted {Accepted}, delivered {Delivered}, failed {Failed}, dropped {Dropped}, pending {Pending} ({Spool.Held} in the spool), breaker {Breaker}");
}
