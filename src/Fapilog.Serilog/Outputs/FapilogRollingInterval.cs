namespace Fapilog.Serilog;

/// <summary>
/// How often the file output starts a new file: the same meanings as Serilog.Sinks.File's
/// <c>RollingInterval</c>, without depending on that package.
/// </summary>
/// <remarks>Periods are computed in UTC, so that file names sort in time order across daylight-saving changes.</remarks>
public enum FapilogRollingInterval
{
    /// <summary>Never roll by time: <c>app.jsonl</c>, then <c>app_001.jsonl</c> on a size roll.</summary>
    Infinite,

    /// <summary>One file per year: <c>app-2026.jsonl</c>.</summary>
    Year,

    /// <summary>One file per month: <c>app-202611.jsonl</c>.</summary>
    Month,

    /// <summary>One file per day: <c>app-20261122.jsonl</c>. The default.</summary>
    Day,

    /// <summary>One file per hour: <c>app-2026112213.jsonl</c>.</summary>
    Hour,

    /// <summary>One file per minute: <c>app-202611221305.jsonl</c>.</summary>
    Minute,
}
