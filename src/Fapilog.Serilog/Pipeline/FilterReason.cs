namespace Fapilog.Serilog;

/// <summary>Why a writer-side stage of the pipeline filtered an event out (counted <c>filtered</c>, never lost silently).</summary>
public enum FilterReason
{
    /// <summary>A stage that gives no reason of its own.</summary>
    Other = 0,

    /// <summary>Level sampling kept another event of its level instead (<see cref="FapilogSamplingOptions.LevelRates"/>).</summary>
    Sampled = 1,

    /// <summary>The event's key had no token left in its bucket (<see cref="FapilogSamplingOptions.RateLimit"/>).</summary>
    RateLimited = 2,

    /// <summary>A repeat of its key within the window of the key's first occurrence (<see cref="FapilogSamplingOptions.Repeats"/>).</summary>
    Repeat = 3,

    /// <summary>A duplicate error within its window, summed up by a summary event (<see cref="FapilogSamplingOptions.DuplicateErrors"/>).</summary>
    DuplicateError = 4,
}
