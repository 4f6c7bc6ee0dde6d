using System;

namespace Fapilog.Serilog;

/// <summary>
/// Rate limiting with a token bucket per key: each key may burst up to <see cref="Limit"/> events, and earns them back
/// continuously at <see cref="Limit"/> per <see cref="Period"/>. What finds its bucket empty is filtered
/// (<see cref="FilterReason.RateLimited"/>).
/// </summary>
public sealed class FapilogRateLimitOptions
{
    internal const int MaxLimit = 1_000_000;
    internal const int MaxKeysLimit = 1_000_000;
    internal static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(1);

    /// <summary>What an event's key is. The default is <see cref="FapilogSamplingKey.Template"/>.</summary>
    public FapilogSamplingKey Key { get; set; } = FapilogSamplingKey.Template;

    /// <summary>The property the key reads, for the keys that use one. Required for them; the default is none.</summary>
    public string? Property { get; set; }

    /// <summary>Events per key per <see cref="Period"/>, and the largest burst. The default is 100.</summary>
    public int Limit { get; set; } = 100;

    /// <summary>The time in which a key earns <see cref="Limit"/> events back. The default is 1 s.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most keys with a bucket of their own. A bucket that has refilled completely is forgotten when room is needed
    /// (it is the same as a new one); beyond that, new keys share one overflow bucket with the same limit. The default is 1 000.
    /// </summary>
    public int MaxKeys { get; set; } = 1_000;

    /// <summary>
    /// The highest level rate limited. The default is <see cref="FapilogLevel.Warning"/>: errors are left to
    /// <see cref="FapilogSamplingOptions.DuplicateErrors"/>, which says what it suppressed.
    /// </summary>
    public FapilogLevel MaximumLevel { get; set; } = FapilogLevel.Warning;

    internal FapilogRateLimitOptions Clone() => (FapilogRateLimitOptions)MemberwiseClone();

    internal void Validate(OptionNaming naming)
    {
        SamplingValidation.Key(Key, Property, naming);
        SamplingValidation.Require(Limit is >= 1 and <= MaxLimit, nameof(Limit), Limit, ValidValues(nameof(Limit), naming), naming);
        SamplingValidation.Require(Period > TimeSpan.Zero && Period <= MaxPeriod, nameof(Period), Period, ValidValues(nameof(Period), naming), naming);
        SamplingValidation.Require(MaxKeys is >= 1 and <= MaxKeysLimit, nameof(MaxKeys), MaxKeys, ValidValues(nameof(MaxKeys), naming), naming);
        SamplingValidation.Require(Enum.IsDefined(MaximumLevel), nameof(MaximumLevel), MaximumLevel, ValidValues(nameof(MaximumLevel), naming), naming);
    }

    internal static string ValidValues(string option, OptionNaming naming) => option switch
    {
        nameof(Limit) => $"1 to {MaxLimit}",
        nameof(Period) => naming.TimeSpans(TimeSpan.FromTicks(1), MaxPeriod, allowInfinite: false),
        nameof(MaxKeys) => $"1 to {MaxKeysLimit}",
        _ => SamplingValidation.ValidValues(option),
    };
}
