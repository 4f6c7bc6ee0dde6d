using System;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>What the network output tests share: delivery options that make retries and breaks quick, and numbered batches.</summary>
internal static class FastDelivery
{
    /// <summary>Small batches, millisecond retries and breaks, a generous close; then the test's own changes.</summary>
    public static void Apply(FapilogDeliveryOptions d, Action<FapilogDeliveryOptions>? change = null)
    {
        d.BatchSizeLimit = 10;
        d.BatchTimeLimit = TimeSpan.FromMilliseconds(20);
        d.MinRetryDelay = TimeSpan.FromMilliseconds(5);
        d.MaxRetryDelay = TimeSpan.FromMilliseconds(40);
        d.BreakerFailureThreshold = 3;
        d.BreakDuration = TimeSpan.FromMilliseconds(50);
        d.CloseTimeout = TimeSpan.FromSeconds(20);
        change?.Invoke(d);
    }

    /// <summary>Emits events numbered 1 to <paramref name="count"/> in batches of <paramref name="perBatch"/>.</summary>
    public static void EmitNumbered(DeliveryOutput output, int count, int perBatch = 10)
    {
        for (int from = 1; from <= count; from += perBatch)
        {
            output.EmitBatch(Batches.Numbered(from, Math.Min(perBatch, count - from + 1)));
        }
    }
}
