using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text.Json;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs.Otlp;

/// <summary>
/// Encodes one event as the OTLP/JSON form of a <c>LogRecord</c>: the same record as
/// <see cref="OtlpProtobufFormatter"/> in the protobuf JSON mapping OTLP specifies (lowerCamelCase names, 64-bit
/// integers as decimal strings, trace and span ids as lower-case hex, the severity as its number). The record is one
/// JSON object without a line break; the transport joins a batch's records into <c>logRecords</c>.
/// </summary>
/// <remarks>Called on the writer thread only.</remarks>
internal sealed class OtlpJsonFormatter : IUtf8EventFormatter
{
    private static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText StringValue = JsonEncodedText.Encode("stringValue");

    private readonly FormatterScratch _scratch = new();
    private readonly bool _includeTemplate;

    public OtlpJsonFormatter(bool includeMessageTemplate) => _includeTemplate = includeMessageTemplate;

    public void Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var e = logEvent.LogEvent ?? throw new ArgumentException("The event carries no LogEvent.", nameof(logEvent));
        var json = _scratch.Json;
        json.Reset(output);
        json.WriteStartObject();

        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(OtlpMapping.UnixNanos(e.Timestamp), digits, out int length);
        json.WriteString("timeUnixNano"u8, digits[..length]);
        json.WriteString("observedTimeUnixNano"u8, digits[..length]);
        json.WriteNumber("severityNumber"u8, OtlpMapping.SeverityNumber(logEvent.Level));
        json.WriteString("severityText"u8, OtlpMapping.SeverityText(logEvent.Level));

        OtlpMapping.RenderBody(e, _scratch);
        json.WriteStartObject("body"u8);
        json.WriteString(StringValue, _scratch.Message.Written);
        json.WriteEndObject();

        json.WriteStartArray("attributes"u8);
        if (e.Properties is Dictionary<string, LogEventPropertyValue> dictionary)
        {
            foreach (var property in dictionary)
            {
                Attribute(json, OtlpMapping.AttributeName(property.Key), property.Value, 0);
            }
        }
        else
        {
            foreach (var property in e.Properties)
            {
                Attribute(json, OtlpMapping.AttributeName(property.Key), property.Value, 0);
            }
        }

        if (_includeTemplate)
        {
            StringAttribute(json, OtlpMapping.MessageTemplateAttribute, e.MessageTemplate.Text);
        }

        if (e.Exception is { } exception)
        {
            var (type, message, stacktrace) = OtlpMapping.Exception(exception);
            StringAttribute(json, OtlpMapping.ExceptionType, type);
            StringAttribute(json, OtlpMapping.ExceptionMessage, message);
            StringAttribute(json, OtlpMapping.ExceptionStacktrace, stacktrace);
        }

        json.WriteEndArray();

        Span<byte> hex = stackalloc byte[32];
        if (e.TraceId is { } traceId && traceId != default)
        {
            Utf8Primitives.WriteHex(traceId, hex);
            json.WriteString("traceId"u8, hex);
        }

        if (e.SpanId is { } spanId && spanId != default)
        {
            Utf8Primitives.WriteHex(spanId, hex);
            json.WriteString("spanId"u8, hex[..16]);
        }

        json.WriteEndObject();
        json.Flush();
    }

    private static void StringAttribute(Utf8JsonWriter json, string key, string value)
    {
        json.WriteStartObject();
        json.WriteString(Key, key);
        json.WriteStartObject(ValueName);
        json.WriteString(StringValue, value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void Attribute(Utf8JsonWriter json, string key, LogEventPropertyValue? value, int depth)
    {
        json.WriteStartObject();
        json.WriteString(Key, PropertyNameCache.Plain.Encoded(key));
        json.WritePropertyName(ValueName);
        Value(json, value, depth);
        json.WriteEndObject();
    }

    private void Value(Utf8JsonWriter json, LogEventPropertyValue? value, int depth)
    {
        json.WriteStartObject();
        if (depth >= OtlpMapping.MaxDepth)
        {
            json.WriteString(StringValue, "<depth limit reached>");
            json.WriteEndObject();
            return;
        }

        switch (value)
        {
            case ScalarValue scalar:
                Scalar(json, scalar.Value);
                break;
            case SequenceValue sequence:
                json.WriteStartObject("arrayValue"u8);
                json.WriteStartArray(Values);
                IReadOnlyList<LogEventPropertyValue> elements = sequence.Elements;
                for (int i = 0; i < elements.Count; i++)
                {
                    Value(json, elements[i], depth + 1);
                }

                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case StructureValue structure:
                json.WriteStartObject("kvlistValue"u8);
                json.WriteStartArray(Values);
                IReadOnlyList<LogEventProperty> properties = structure.Properties;
                for (int i = 0; i < properties.Count; i++)
                {
                    Attribute(json, properties[i].Name, properties[i].Value, depth + 1);
                }

                if (structure.TypeTag is { } tag)
                {
                    StringAttribute(json, "$type", SafeText.Limit(tag));
                }

                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case DictionaryValue dictionary:
                json.WriteStartObject("kvlistValue"u8);
                json.WriteStartArray(Values);
                foreach (var entry in dictionary.Elements)
                {
                    Attribute(json, OtlpMapping.KeyText(entry.Key), entry.Value, depth + 1);
                }

                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case null:
                break;
            default:
                json.WriteString(StringValue, SafeText.Limit(SafeText.Of(value)));
                break;
        }

        json.WriteEndObject();
    }

    private void Scalar(Utf8JsonWriter json, object? value)
    {
        switch (OtlpMapping.Classify(value, out long integer, out double real))
        {
            case OtlpScalarKind.Empty:
                break;
            case OtlpScalarKind.String:
                json.WriteString(StringValue, SafeText.Limit((string)value!));
                break;
            case OtlpScalarKind.Bool:
                json.WriteBoolean("boolValue"u8, (bool)value!);
                break;
            case OtlpScalarKind.Int:
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(integer, digits, out int length);
                json.WriteString("intValue"u8, digits[..length]);
                break;
            case OtlpScalarKind.Double when double.IsFinite(real):
                json.WriteNumber("doubleValue"u8, real);
                break;
            case OtlpScalarKind.Double:
                // The protobuf JSON mapping spells the non-finite doubles as these strings.
                json.WriteString("doubleValue"u8, double.IsNaN(real) ? "NaN"u8 : real > 0 ? "Infinity"u8 : "-Infinity"u8);
                break;
            case OtlpScalarKind.Bytes:
                json.WriteBase64String("bytesValue"u8, (byte[])value!);
                break;
            default:
                var text = _scratch.Scalar;
                text.Clear();
                OtlpMapping.AppendText(value!, text);
                json.WriteString(StringValue, text.Written);
                break;
        }
    }
}
