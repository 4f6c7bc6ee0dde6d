using System;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>What the network output tests share: delivery options that make retries and breaks quick, and numbered batches.</summary>
internal static class FastDelivery
{
    /// <summary>
    /// The request timeout of a test whose backend hangs once. Short enough for a quick test, long enough that no answer
    /// the server gives in time (a slow one included) is late on a loaded machine: a late answer the server took would be
    /// sent again, and the test counts every event exactly once.
    /// </summary>
    public static readonly TimeSpan FaultTimeout = TimeSpan.FromSeconds(3);

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

    /// <summary>
    /// Every failed request was repeated once: the <paramref name="failing"/> faults the server answered, and any request
    /// that failed before the server read it (a pooled connection the server had cut). So the retries are at least the
    /// faults, and the requests the server did not take are exactly the retries.
    /// </summary>
    public static void AssertEveryFailureRetriedOnce(DeliveryStats stats, LoopbackServer server, int failing)
    {
        Assert.Empty(server.Faults);
        Assert.True(stats.Retried >= failing, $"{stats.Retried} retries for {failing} faults");
        long taken = server.Requests - failing;
        Assert.Equal(stats.Requests - taken, stats.Retried);
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
