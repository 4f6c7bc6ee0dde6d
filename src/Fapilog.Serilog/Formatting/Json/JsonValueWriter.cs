using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Serilog.Events;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Writes Serilog property values as JSON with Serilog's value rules (the ones <c>JsonValueFormatter</c>
/// applies): numbers as numbers, NaN and infinities as strings, dates and times in round-trip <c>O</c> format
/// (<c>DateOnly</c> as <c>yyyy-MM-dd</c>), structure type tags under <c>$type</c> after the members, dictionary
/// keys as strings, everything else as a string in the invariant culture.
/// </summary>
internal static partial class JsonValueWriter
{
    /// <summary>
    /// Deeper values are written as a marker: the line stays bounded and the writer never overflows. JSON readers
    /// refuse nesting past 64 levels by default (System.Text.Json's <c>JsonDocument</c>, Json.NET, which
    /// Serilog.Formatting.Compact.Reader uses); a value starts at most 3 levels deep (envelope <c>log.data</c>), so
    /// 32 keeps every line readable with the default settings, with room to spare.
    /// </summary>
    public const int MaxDepth = 32;

    private static readonly JsonEncodedText TypeTag = JsonEncodedText.Encode("$type");
    private static readonly StandardFormat RoundTrip = new('O');

    public static void Write(Utf8JsonWriter writer, LogEventPropertyValue? value, FormatterScratch scratch, int depth = 0)
    {
        if (depth >= MaxDepth)
        {
            writer.WriteStringValue("<depth limit reached>");
            return;
        }

        switch (value)
        {
            case ScalarValue scalar:
                WriteScalar(writer, scalar.Value, scratch);
                break;
            case SequenceValue sequence:
                writer.WriteStartArray();
                IReadOnlyList<LogEventPropertyValue> elements = sequence.Elements;
                for (int i = 0; i < elements.Count; i++)
                {
                    Write(writer, elements[i], scratch, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case StructureValue structure:
                writer.WriteStartObject();
                IReadOnlyList<LogEventProperty> properties = structure.Properties;
                for (int i = 0; i < properties.Count; i++)
                {
                    PropertyNameCache.Plain.Write(writer, properties[i].Name);
                    Write(writer, properties[i].Value, scratch, depth + 1);
                }

                // After the members, where Serilog's JsonValueFormatter puts it.
                if (structure.TypeTag is { } tag)
                {
                    writer.WriteString(TypeTag, SafeText.Limit(tag));
                }

                writer.WriteEndObject();
                break;
            case DictionaryValue dictionary:
                writer.WriteStartObject();
                foreach (var element in dictionary.Elements)
                {
                    writer.WritePropertyName(SafeText.ReplaceLoneSurrogates(SafeText.Limit(element.Key.Value is { } key ? SafeText.Of(key) : "null")));
                    Write(writer, element.Value, scratch, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(SafeText.Limit(SafeText.Of(value)));
                break;
        }
    }

    public static void WriteScalar(Utf8JsonWriter writer, object? value, FormatterScratch scratch)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(SafeText.Limit(s)); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: WriteDouble(writer, d, scratch); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case float f: WriteFloat(writer, f); break;
            case uint u: writer.WriteNumberValue(u); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case short sh: writer.WriteNumberValue(sh); break;
            case ushort us: writer.WriteNumberValue(us); break;
            case byte by: writer.WriteNumberValue(by); break;
            case sbyte sb: writer.WriteNumberValue(sb); break;
            case char c: writer.WriteStringValue(stackalloc char[] { c }); break;
            case DateTime dt: WriteRoundTrip(writer, dt); break;
            case DateTimeOffset dto: WriteRoundTrip(writer, dto); break;
            case Guid g: writer.WriteStringValue(g); break;
            case DateOnly date: WriteRoundTripText(writer, date); break;
            case TimeOnly time: WriteRoundTripText(writer, time); break;
            default: WriteAsString(writer, value, scratch); break;
        }
    }

    /// <summary>Writes any scalar as a JSON string, in the invariant culture.</summary>
    public static void WriteAsString(Utf8JsonWriter writer, object value, FormatterScratch scratch)
    {
        if (value is string s)
        {
            writer.WriteStringValue(SafeText.Limit(s));
            return;
        }

        if (value is IUtf8SpanFormattable formattable)
        {
            var text = scratch.Scalar;
            text.Clear();
            if (text.TryAppendFormatted(formattable, default))
            {
                writer.WriteStringValue(text.Written);
                return;
            }
        }

        writer.WriteStringValue(SafeText.Limit(SafeText.Of(value)));
    }

    private static void WriteDouble(Utf8JsonWriter writer, double d, FormatterScratch scratch)
    {
        if (scratch.Doubles.TryGet(d, out var text))
        {
            writer.WriteRawValue(text, skipInputValidation: true);
        }
        else if (double.IsFinite(d))
        {
            writer.WriteNumberValue(d);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float f)
    {
        if (float.IsFinite(f))
        {
            writer.WriteNumberValue(f);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(f) ? "NaN" : f > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteRoundTrip(Utf8JsonWriter writer, DateTime value)
    {
        Span<byte> buffer = stackalloc byte[40];
        Utf8Formatter.TryFormat(value, buffer, out int written, RoundTrip);
        writer.WriteStringValue(buffer[..written]);
    }

    private static void WriteRoundTrip(Utf8JsonWriter writer, DateTimeOffset value)
    {
        Span<byte> buffer = stackalloc byte[40];
        Utf8Formatter.TryFormat(value, buffer, out int written, RoundTrip);
        writer.WriteStringValue(buffer[..written]);
    }

    /// <summary>
    /// A value's round-trip <c>O</c> format, the one Serilog writes for <see cref="DateOnly"/> (<c>yyyy-MM-dd</c>)
    /// and <see cref="TimeOnly"/> (<c>HH:mm:ss.fffffff</c>).
    /// </summary>
    private static void WriteRoundTripText<T>(Utf8JsonWriter writer, T value)
        where T : IUtf8SpanFormattable
    {
        Span<byte> buffer = stackalloc byte[40];
        value.TryFormat(buffer, out int written, "O", CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }
}
