using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Fapilog.Serilog.Formatting;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>The cached minute must never change a timestamp: both forms are checked against full formatting.</summary>
public class CachedTimestampTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Timestamp_AnyInstant_MatchesTheFullFormatting(bool roundTrip)
    {
        int length = roundTrip ? CachedTimestamp.RoundTripLength : CachedTimestamp.EnvelopeLength;
        var cached = new CachedTimestamp();
        var random = new Random(11);
        var start = new DateTimeOffset(2026, 12, 31, 23, 58, 0, TimeSpan.Zero).UtcTicks;
        Span<byte> expected = stackalloc byte[40];
        Span<byte> actual = stackalloc byte[length];
        for (int i = 0; i < 200_000; i++)
        {
            // Mostly forward in small steps across minute, hour, day and year boundaries; sometimes a jump back.
            long ticks = i % 1000 == 999
                ? random.NextInt64(DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks)
                : start + (i * 7_777_777L) + (i % 7);
            var instant = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(i % 3 == 0 ? -5 : 0));
            int written = length;
            if (roundTrip)
            {
                Utf8Formatter.TryFormat(instant.UtcDateTime, expected, out written, new StandardFormat('O'));
                cached.WriteRoundTrip(instant, actual);
            }
            else
            {
                Utf8Primitives.WriteEnvelopeTimestamp(instant, expected);
                cached.WriteEnvelope(instant, actual);
            }

            Assert.True(expected[..written].SequenceEqual(actual), Encoding.ASCII.GetString(expected[..written]) + " vs " + Encoding.ASCII.GetString(actual));
        }
    }

    [Fact]
    public void Timestamp_EdgesOfTheSecondAndOfTime_MatchTheFullFormatting()
    {
        var cached = new CachedTimestamp();
        Span<byte> expected = stackalloc byte[40];
        Span<byte> actual = stackalloc byte[CachedTimestamp.RoundTripLength];
        var second = new DateTimeOffset(2026, 6, 30, 23, 59, 59, TimeSpan.Zero).UtcTicks;
        foreach (long ticks in new[] { 0L, 1L, second, second + 1, second + 9_999_999, second + 10_000_000, second + 1_000_000, second + 10_000, DateTimeOffset.MaxValue.UtcTicks })
        {
            var instant = new DateTimeOffset(ticks, TimeSpan.Zero);
            Utf8Formatter.TryFormat(instant.UtcDateTime, expected, out int written, new StandardFormat('O'));
            cached.WriteRoundTrip(instant, actual);
            Assert.Equal(Encoding.ASCII.GetString(expected[..written]), Encoding.ASCII.GetString(actual));
        }
    }
}
