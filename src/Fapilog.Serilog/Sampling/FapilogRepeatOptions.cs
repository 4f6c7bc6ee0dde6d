using System;

namespace Fapilog.Serilog;

/// <summary>
/// First occurrence: the first event of a key opens a <see cref="Window"/>; repeats of the key inside it are filtered
/// (<see cref="FilterReason.Repeat"/>), or every <see cref="KeepEvery"/>-th of them is kept. The first event after the
/// window opens the next one.
/// </summary>
public sealed class FapilogRepeatOptions
{
    internal static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    /// <summary>What an event's key is. The default is <see cref="FapilogSamplingKey.Template"/>.</summary>
    public FapilogSamplingKey Key { get; set; } = FapilogSamplingKey.Template;

    /// <summary>The property the key reads, for the keys that use one. Required for them; the default is none.</summary>
    public string? Property { get; set; }

    /// <summary>How long after a key's first occurrence its repeats are filtered. The default is 1 min.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Keep every n-th repeat inside the window (a sample); 0 keeps none. The default is 0.</summary>
    public int KeepEvery { get; set; }

    /// <summary>
    /// The most keys remembered. A key whose window has passed is forgotten when room is needed (it is the same as a new
    /// one); beyond that, the events of new keys pass, unremembered. The default is 1 000.
    /// </summary>
    public int MaxKeys { get; set; } = 1_000;

    /// <summary>The highest level filtered. The default is <see cref="FapilogLevel.Warning"/>.</summary>
    public FapilogLevel MaximumLevel { get; set; } = FapilogLevel.Warning;

    internal FapilogRepeatOptions Clone() => (FapilogRepeatOptions)MemberwiseClone();

    internal void Validate(OptionNaming naming)
    {
        SamplingValidation.Key(Key, Property, naming);
        SamplingValidation.Require(Window > TimeSpan.Zero && Window <= MaxWindow, nameof(Window), Window, ValidValues(nameof(Window), naming), naming);
        SamplingValidation.Require(KeepEvery >= 0, nameof(KeepEvery), KeepEvery, ValidValues(nameof(KeepEvery), naming), naming);
        SamplingValidation.Require(MaxKeys is >= 1 and <= FapilogRateLimitOptions.MaxKeysLimit, nameof(MaxKeys), MaxKeys, ValidValues(nameof(MaxKeys), naming), naming);
        SamplingValidation.Require(Enum.IsDefined(MaximumLevel), nameof(MaximumLevel), MaximumLevel, ValidValues(nameof(MaximumLevel), naming), naming);
    }

    internal static string ValidValues(string option, OptionNaming naming) => option switch
    {
        nameof(Window) => naming.TimeSpans(TimeSpan.FromTicks(1), MaxWindow, allowInfinite: false),
        nameof(KeepEvery) => $"0 (keep no repeat) to {int.MaxValue}",
        nameof(MaxKeys) => $"1 to {FapilogRateLimitOptions.MaxKeysLimit}",
        _ => SamplingValidation.ValidValues(option),
    };
}
