using System;
using System.Runtime.CompilerServices;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// UTC timestamps with the calendar part (up to the minute) kept from the previous event: a busy writer formats
/// the same minute thousands of times, and splitting ticks into year, month and day is most of the cost. Two
/// forms: the envelope's <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (as <see cref="Utf8Primitives.WriteEnvelopeTimestamp"/>)
/// and CLEF's round-trip <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c> (as the <c>O</c> format of a UTC
/// <see cref="DateTime"/>). Owned by one <see cref="FormatterScratch"/>.
/// </summary>
internal sealed class CachedTimestamp
{
    public const int EnvelopeLength = 24;
    public const int RoundTripLength = 28;
    private const int PrefixLength = 17; // "yyyy-MM-ddTHH:mm:"

    private readonly byte[] _prefix = new byte[EnvelopeLength];
    private long _minute = -1;

    /// <summary>Writes <see cref="EnvelopeLength"/> bytes: milliseconds.</summary>
    public void WriteEnvelope(DateTimeOffset timestamp, Span<byte> destination)
    {
        long withinMinute = WritePrefix(timestamp, destination);
        int millis = (int)(withinMinute / TimeSpan.TicksPerMillisecond);
        Utf8Primitives.TwoDigits(destination, 17, millis / 1000);
        destination[19] = (byte)'.';
        int ms = millis % 1000;
        destination[20] = (byte)('0' + (ms / 100));
        Utf8Primitives.TwoDigits(destination, 21, ms % 100);
        destination[23] = (byte)'Z';
    }

    /// <summary>Writes <see cref="RoundTripLength"/> bytes: all seven fractional digits (ticks).</summary>
    public void WriteRoundTrip(DateTimeOffset timestamp, Span<byte> destination)
    {
        long withinMinute = WritePrefix(timestamp, destination);
        int seconds = (int)(withinMinute / TimeSpan.TicksPerSecond);
        int fraction = (int)(withinMinute - (seconds * TimeSpan.TicksPerSecond));
        Utf8Primitives.TwoDigits(destination, 17, seconds);
        destination[19] = (byte)'.';
        int high = fraction / 10_000; // two runs of digits: fewer dependent divisions than seven in a row
        Utf8Primitives.TwoDigits(destination, 20, high / 10);
        destination[22] = (byte)('0' + (high % 10));
        int low = fraction - (high * 10_000);
        Utf8Primitives.TwoDigits(destination, 23, low / 100);
        Utf8Primitives.TwoDigits(destination, 25, low % 100);
        destination[27] = (byte)'Z';
    }

    /// <summary>Copies <c>yyyy-MM-ddTHH:mm:</c> for the instant's minute; returns the ticks past that minute.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // on every event's path: a call of its own was measurable
    private long WritePrefix(DateTimeOffset timestamp, Span<byte> destination)
    {
        long ticks = timestamp.UtcTicks;
        long minute = ticks - (ticks % TimeSpan.TicksPerMinute);
        if (minute != _minute)
        {
            Utf8Primitives.WriteEnvelopeTimestamp(new DateTimeOffset(minute, TimeSpan.Zero), _prefix);
            _minute = minute;
        }

        _prefix.AsSpan(0, PrefixLength).CopyTo(destination);
        return ticks - minute;
    }
}
