using System;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>The thresholds of <see cref="FapilogHealthCheck"/>.</summary>
public sealed class FapilogHealthCheckOptions
{
    /// <summary>How long events may stay queued with none completed before the writer counts as stuck. The default
    /// is 30 seconds.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock (tests use a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
