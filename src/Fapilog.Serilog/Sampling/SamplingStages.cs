using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>
/// Builds the sampling stages from their options, in their order: level sampling (a counter: the cheapest drop comes
/// first), first occurrence, rate limiting, then duplicate errors last, so that the summaries it adds run through no
/// other sampling rule (only the stages after sampling: redaction).
/// </summary>
internal static class SamplingStages
{
    public static IEnumerable<IEventStage> Create(FapilogSamplingOptions options)
    {
        var exempt = new ExemptLevels(options.ExemptLevels);
        if (options.LevelRates.Count > 0)
        {
            yield return new LevelSampler(options);
        }

        if (options.Repeats is { } repeats)
        {
            yield return new RepeatFilter(repeats, exempt);
        }

        if (options.RateLimit is { } rateLimit)
        {
            yield return new RateLimiter(rateLimit, exempt);
        }

        if (options.DuplicateErrors is { } duplicates)
        {
            yield return new DuplicateErrorSuppressor(duplicates, exempt);
        }
    }
}
