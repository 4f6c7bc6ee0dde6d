using System;
using System.Globalization;

namespace Fapilog.Serilog.Delivery;

/// <summary>
/// The wait before a retry: exponential backoff with full jitter, lengthened to the backend's own <c>Retry-After</c>
/// when it sent one with a 429 or 503.
/// </summary>
/// <remarks>
/// Full jitter (a uniform draw in [0, cap]) spreads the retries of many processes that failed together, so a
/// backend coming back is not hit by all of them at once. The cap doubles from <c>min</c> per attempt up to
/// <c>max</c>. A <c>Retry-After</c> is honoured but never shortens the jittered wait, so a <c>0</c> or a date in the
/// past cannot turn retries into a tight loop; it is bounded by <c>max</c>, so that one odd header (or one too large
/// to read) cannot park an output for hours.
/// </remarks>
internal sealed class RetryBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly Func<double> _random;

    public RetryBackoff(TimeSpan min, TimeSpan max, Func<double> random)
    {
        _min = min;
        _max = max;
        _random = random;
    }

    /// <summary>The largest wait before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public TimeSpan Cap(int attempt)
    {
        // 2^30 times any positive min is past any max that validates (one day), so the shift cannot overflow.
        int doublings = Math.Clamp(attempt - 1, 0, 30);
        double ticks = Math.Min(_max.Ticks, _min.Ticks * (double)(1L << doublings));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// The wait before retry number <paramref name="attempt"/>: a jittered draw, or the backend's
    /// <paramref name="retryAfter"/> when that is longer, at most <c>max</c>.
    /// </summary>
    public TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        double draw = Math.Clamp(_random(), 0.0, 1.0);
        var jittered = TimeSpan.FromTicks((long)(Cap(attempt).Ticks * draw));
        if (retryAfter is { } asked && asked > jittered)
        {
            return asked > _max ? _max : asked;
        }

        return jittered;
    }

    /// <summary>
    /// Reads a <c>Retry-After</c> value: whole seconds (<c>120</c>) or an HTTP date (<c>Wed, 21 Oct 2026 07:28:00 GMT</c>),
    /// relative to <paramref name="now"/>; a date in the past is zero. Null when absent or unreadable.
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string text = value.Trim();
        if (text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            // Digits past what a long holds are still a (very long) number of seconds: the delay's bound applies.
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) && seconds <= (long)TimeSpan.MaxValue.TotalSeconds
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.MaxValue;
        }

        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
