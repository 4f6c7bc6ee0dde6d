using System;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>The thresholds of <see cref="FapilogHealthCheck"/>.</summary>
public sealed class FapilogHealthCheckOptions
{
    /// <summary>How long events may stay queued with none completed before the writer counts as stuck. The default
    /// is 30 seconds.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a check that saw new drops or failures keeps the check Degraded. The default, zero, means
    /// "since the previous check" only, which is right for one probe; when several probes run the same check
    /// (liveness and readiness, two load balancers), set it to at least the longest probe period so that each of
    /// them sees the losses.</summary>
    public TimeSpan DegradedFor { get; set; } = TimeSpan.Zero;

    /// <summary>The clock (tests use a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
