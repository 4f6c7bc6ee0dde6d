using System;
using Fapilog.Serilog.Delivery;

namespace Fapilog.Serilog.Tests.Delivery;

public sealed class RetryBackoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 10, 21, 7, 28, 0, TimeSpan.Zero);

    [Fact]
    public void Cap_DoublesFromTheMinimumPerAttempt_UpToTheMaximum()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), () => 1.0);

        Assert.Equal(TimeSpan.FromMilliseconds(500), backoff.Cap(1));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Cap(2));
        Assert.Equal(TimeSpan.FromSeconds(16), backoff.Cap(6));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Cap(7));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Cap(int.MaxValue));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.999999)]
    public void Delay_IsAFullJitterDraw_BetweenZeroAndTheCap(double draw)
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), () => draw);

        for (int attempt = 1; attempt <= 12; attempt++)
        {
            var delay = backoff.Delay(attempt, retryAfter: null);
            Assert.InRange(delay, TimeSpan.Zero, backoff.Cap(attempt));
            Assert.Equal(TimeSpan.FromTicks((long)(backoff.Cap(attempt).Ticks * draw)), delay);
        }
    }

    [Fact]
    public void Delay_WithARandomSourceOutOfRange_StaysWithinTheCap()
    {
        var high = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), () => 7.0);
        var low = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), () => -3.0);

        Assert.Equal(TimeSpan.FromSeconds(2), high.Delay(2, null));
        Assert.Equal(TimeSpan.Zero, low.Delay(2, null));
    }

    [Fact]
    public void Delay_WithRetryAfter_HonoursIt_BoundedByTheMaximum()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), () => 0.0);

        Assert.Equal(TimeSpan.FromSeconds(7), backoff.Delay(1, TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Delay(1, TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Delay(1, TimeSpan.MaxValue));
        Assert.Equal(TimeSpan.Zero, backoff.Delay(1, TimeSpan.FromSeconds(-5)));
    }

    [Fact]
    public void Delay_WithARetryAfterShorterThanTheJitteredWait_KeepsTheJitteredWait()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 0.5);

        // A "0" or a date in the past must not turn the retries into a tight loop.
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Delay(3, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Delay(3, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(5), backoff.Delay(3, TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("120", 120)]
    [InlineData(" 3 ", 3)]
    public void ParseRetryAfter_ReadsWholeSeconds(string text, int seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), RetryBackoff.ParseRetryAfter(text, Now));

    [Theory]
    [InlineData("922337203686")]
    [InlineData("99999999999999999999999999")]
    public void ParseRetryAfter_OfMoreSecondsThanATimeSpanHolds_IsTheLongestWait(string text)
        => Assert.Equal(TimeSpan.MaxValue, RetryBackoff.ParseRetryAfter(text, Now));

    [Fact]
    public void ParseRetryAfter_ReadsAnHttpDate_RelativeToNow()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), RetryBackoff.ParseRetryAfter("Wed, 21 Oct 2026 07:29:30 GMT", Now));
        Assert.Equal(TimeSpan.Zero, RetryBackoff.ParseRetryAfter("Wed, 21 Oct 2026 07:00:00 GMT", Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("2026-10-21T07:29:30Z")]
    public void ParseRetryAfter_OfAnythingElse_IsNull(string? text)
        => Assert.Null(RetryBackoff.ParseRetryAfter(text, Now));
}
