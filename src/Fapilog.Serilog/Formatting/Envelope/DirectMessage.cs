using System;
using System.Buffers.Text;
using System.Globalization;
using Serilog.Events;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Writes an envelope's rendered message (strings unquoted) as a JSON string straight into the line, by the
/// template's <see cref="MessagePlan"/>: pre-encoded text tokens, values written in place. Only for the values whose
/// text needs no escaping and runs no user code (plain-ASCII strings, integers, doubles, decimals, floats, booleans,
/// null); any other value, or a property the event lacks, leaves the line untouched and returns false, and the
/// caller renders the message the general way (<see cref="MessageRenderer"/>). The bytes are the general way's: the same formatting
/// calls, and text that a JSON string carries unescaped. A number with a format (<c>{Elapsed:0.0000}</c>), a decimal
/// or a float is formatted by its own <see cref="IUtf8SpanFormattable"/> in the invariant culture, as the renderer
/// does; when that throws, needs more room, or writes text a JSON string must escape, the renderer takes over.
/// </summary>
internal static class DirectMessage
{
    // A message this long (or longer) is rare and gains nothing from the shortcut.
    private const int MaxBytes = 64 * 1024;

    // Room for any integer (20) or double (24) as text, or "False".
    private const int ScalarRoom = 32;

    // Room for a decimal (31 characters at most), a float, or a number with a format; a longer text takes the renderer.
    private const int FormattedRoom = 64;

    public static bool TryWrite(ref SpanJsonWriter w, MessagePlan plan, LogEvent logEvent, EnvelopeProperties fields, FormatterScratch scratch)
    {
        var segments = plan.Segments;

        // First the values and the room they need, so that the line's span is taken once and nothing is written
        // until every value is known to fit the shortcut. (Looking a value up again below is a few reference
        // compares: cheaper than keeping the values somewhere, and nothing of the event is kept past it.)
        long size = plan.TextBytes + 2;
        for (int i = 0; i < segments.Length; i++)
        {
            if (segments[i].Property is not { } token)
            {
                continue;
            }

            if (Find(token.PropertyName, logEvent, fields) is not { } value)
            {
                return false;
            }

            switch ((value as ScalarValue)?.Value)
            {
                case string s:
                    size += s.Length;
                    break;
                case bool or null when value is ScalarValue:
                    size += ScalarRoom;
                    break;
                case (int or long or double or decimal or float) and var number:
                    size += IsFormatted(number, token.Format) ? FormattedRoom : ScalarRoom;
                    break;
                default:
                    return false;
            }
        }

        if (size > MaxBytes)
        {
            return false;
        }

        // + a block: short text segments are copied as whole blocks, whose tails the next bytes overwrite.
        var span = w.Free((int)size + Utf8Block.Size);
        span[0] = (byte)'"';
        int at = 1;
        for (int i = 0; i < segments.Length; i++)
        {
            if (segments[i].Property is null)
            {
                int length = segments[i].Length;
                if (length <= Utf8Block.Size)
                {
                    plan.TextBlockOf(segments[i]).CopyTo(span[at..]);
                }
                else
                {
                    plan.TextOf(segments[i]).CopyTo(span[at..]);
                }

                at += length;
                continue;
            }

            var token = segments[i].Property!;
            var scalar = (ScalarValue)Find(token.PropertyName, logEvent, fields)!;
            if (!TryWriteValue(scalar.Value, token.Format, span, ref at, scratch))
            {
                return false;
            }
        }

        span[at++] = (byte)'"';
        w.Advance(at);
        return true;
    }

    private static LogEventPropertyValue? Find(string name, LogEvent logEvent, EnvelopeProperties fields)
        => fields.FindSameName(name) ?? (logEvent.Properties.TryGetValue(name, out var value) ? value : null);

    /// <summary>A value as <see cref="MessageRenderer"/> renders it without quotes, when that needs no JSON escaping.</summary>
    private static bool TryWriteValue(object? value, string? format, Span<byte> span, ref int at, FormatterScratch scratch)
    {
        int written;
        switch (value)
        {
            case int or long or double or decimal or float when IsFormatted(value, format):
                if (!TryFormatNumber((IUtf8SpanFormattable)value, format, span.Slice(at, FormattedRoom), out written))
                {
                    return false;
                }

                break;
            case string s:
                if (!SpanJsonWriter.TryCopyPlainAscii(s, span.Slice(at, s.Length)))
                {
                    return false;
                }

                written = s.Length;
                break;
            case int i:
                Utf8Formatter.TryFormat((long)i, span[at..], out written);
                break;
            case long l:
                Utf8Formatter.TryFormat(l, span[at..], out written);
                break;
            case double d:
                ShortDouble.TryFormat(d, span[at..], out written);
                scratch.Doubles.Remember(d, span.Slice(at, written));
                break;
            case bool b:
                (b ? "True"u8 : "False"u8).CopyTo(span[at..]);
                written = b ? 4 : 5;
                break;
            default: // null: the only other value the caller lets through
                "null"u8.CopyTo(span[at..]);
                written = 4;
                break;
        }

        at += written;
        return true;
    }

    /// <summary>Whether the renderer formats the number by its <see cref="IUtf8SpanFormattable"/> (else the shortcut's own integer and double text).</summary>
    private static bool IsFormatted(object number, string? format) => number is decimal or float || !string.IsNullOrEmpty(format);

    /// <summary>
    /// The renderer's call for a number it formats by <see cref="IUtf8SpanFormattable"/>, and whether the text fits
    /// <paramref name="destination"/> and needs no JSON escaping (a custom format may bring any character).
    /// </summary>
    private static bool TryFormatNumber(IUtf8SpanFormattable value, string? format, Span<byte> destination, out int written)
    {
        try
        {
            return value.TryFormat(destination, out written, format, CultureInfo.InvariantCulture)
                && SpanJsonWriter.IsPlain(destination[..written]);
        }
#pragma warning disable CA1031 // A bad format (or any failure) is the renderer's to report: it writes a marker in the message.
        catch (Exception)
#pragma warning restore CA1031
        {
            written = 0;
            return false;
        }
    }
}
