using System;

namespace Fapilog.Serilog;

/// <summary>
/// Suppression of duplicate errors: the first error of a key (the template's text and the exception's type) opens a
/// <see cref="Window"/>; its duplicates inside it are filtered (<see cref="FilterReason.DuplicateError"/>) and counted,
/// and one summary event says how many: <c>4 repeats of Payment {OrderId} failed (System.TimeoutException) suppressed in
/// the last 00:01:00</c>. The summary is written when the window closes (the writer looks before each batch and when
/// its queue runs empty, and an idle writer wakes for it), ahead of the events after it; open windows are summed up
/// early at an explicit flush, and every one at the close.
/// </summary>
public sealed class FapilogDuplicateErrorOptions
{
    /// <summary>How long after an error its duplicates are suppressed. The default is 1 min.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most errors with an open window. Beyond that, the errors of new keys pass, unsuppressed, until a window
    /// closes. The default is 1 000.
    /// </summary>
    public int MaxKeys { get; set; } = 1_000;

    /// <summary>The lowest level suppressed. The default is <see cref="FapilogLevel.Error"/> (Error and Fatal).</summary>
    public FapilogLevel MinimumLevel { get; set; } = FapilogLevel.Error;

    internal FapilogDuplicateErrorOptions Clone() => (FapilogDuplicateErrorOptions)MemberwiseClone();

    internal void Validate(OptionNaming naming)
    {
        SamplingValidation.Require(Window > TimeSpan.Zero && Window <= FapilogRepeatOptions.MaxWindow, nameof(Window), Window, ValidValues(nameof(Window), naming), naming);
        SamplingValidation.Require(MaxKeys is >= 1 and <= FapilogRateLimitOptions.MaxKeysLimit, nameof(MaxKeys), MaxKeys, ValidValues(nameof(MaxKeys), naming), naming);
        SamplingValidation.Require(Enum.IsDefined(MinimumLevel), nameof(MinimumLevel), MinimumLevel, ValidValues(nameof(MinimumLevel), naming), naming);
    }

    internal static string ValidValues(string option, OptionNaming naming) => option switch
    {
        nameof(Window) => naming.TimeSpans(TimeSpan.FromTicks(1), FapilogRepeatOptions.MaxWindow, allowInfinite: false),
        nameof(MaxKeys) => $"1 to {FapilogRateLimitOptions.MaxKeysLimit}",
        _ => SamplingValidation.ValidValues(option),
    };
}
