using System;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// The envelope's <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> with the calendar part (up to the minute) kept from the previous
/// event: a busy writer formats the same minute thousands of times, and splitting ticks into year, month and day
/// is most of the cost. Same output as <see cref="Utf8Primitives.WriteEnvelopeTimestamp"/>. Owned by one
/// <see cref="FormatterScratch"/>.
/// </summary>
internal sealed class EnvelopeTimestamp
{
    public const int Length = 24;
    private const int PrefixLength = 17; // "yyyy-MM-ddTHH:mm:"

    private readonly byte[] _prefix = new byte[Length];
    private long _minute = -1;

    public void Write(DateTimeOffset timestamp, Span<byte> destination)
    {
        long ticks = timestamp.UtcTicks;
        long minute = ticks - (ticks % TimeSpan.TicksPerMinute);
        if (minute != _minute)
        {
            Utf8Primitives.WriteEnvelopeTimestamp(new DateTimeOffset(minute, TimeSpan.Zero), _prefix);
            _minute = minute;
        }

        _prefix.AsSpan(0, PrefixLength).CopyTo(destination);
        long withinMinute = ticks - minute;
        int millis = (int)(withinMinute / TimeSpan.TicksPerMillisecond);
        Utf8Primitives.TwoDigits(destination, 17, millis / 1000);
        destination[19] = (byte)'.';
        int ms = millis % 1000;
        destination[20] = (byte)('0' + (ms / 100));
        Utf8Primitives.TwoDigits(destination, 21, ms % 100);
        destination[23] = (byte)'Z';
    }
}
