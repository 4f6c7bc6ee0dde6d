using System;
using System.Buffers;
using System.Collections.Generic;
using Fapilog.Serilog.Formatting;
using Serilog.Events;

namespace Fapilog.Serilog.Outputs.Otlp;

/// <summary>
/// Encodes one event as an OTLP <c>LogRecord</c> message (opentelemetry-proto <c>logs/v1</c>), the record the output
/// keeps: self-contained, so a batch's request is its records behind the constant resource and scope
/// (<see cref="OtlpRequestFrame"/>), whenever and wherever it is sent.
/// </summary>
/// <remarks>
/// Fields: <c>time_unix_nano</c> (1) and <c>observed_time_unix_nano</c> (11), both the event's timestamp (the
/// pipeline observes an event when it is logged); <c>severity_number</c> (2) and <c>severity_text</c> (3) as
/// <see cref="OtlpMapping"/> says; <c>body</c> (5), the rendered message as a string; <c>attributes</c> (6), the
/// properties, then <c>message_template.text</c>, then the exception's; <c>trace_id</c> (9) and <c>span_id</c> (10)
/// as 16 and 8 bytes. <c>flags</c> is not written: Serilog does not keep the W3C trace flags. Called on the writer
/// thread only; the steady state allocates nothing for events of primitives, strings, dates and GUIDs.
/// </remarks>
internal sealed class OtlpProtobufFormatter : IUtf8EventFormatter
{
    // AnyValue's fields.
    private const int StringValue = 1;
    private const int BoolValue = 2;
    private const int IntValue = 3;
    private const int DoubleValue = 4;
    private const int ArrayValue = 5;
    private const int KvlistValue = 6;
    private const int BytesValue = 7;

    private readonly FormatterScratch _scratch = new();
    private readonly ProtoWriter _proto = new();
    private readonly bool _includeTemplate;

    public OtlpProtobufFormatter(bool includeMessageTemplate) => _includeTemplate = includeMessageTemplate;

    public void Format(in FapilogEvent logEvent, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var e = logEvent.LogEvent ?? throw new ArgumentException("The event carries no LogEvent.", nameof(logEvent));
        var w = _proto;
        w.Clear();

        ulong time = OtlpMapping.UnixNanos(e.Timestamp);
        w.Fixed64Field(1, time);
        w.Fixed64Field(11, time);
        w.VarintField(2, (ulong)OtlpMapping.SeverityNumber(logEvent.Level));
        w.BytesField(3, OtlpMapping.SeverityText(logEvent.Level));

        OtlpMapping.RenderBody(e, _scratch);
        int body = w.BeginMessage(5);
        w.BytesField(StringValue, _scratch.Message.Written);
        w.EndMessage(body);

        if (e.Properties is Dictionary<string, LogEventPropertyValue> dictionary)
        {
            foreach (var property in dictionary)
            {
                Attribute(OtlpMapping.AttributeName(property.Key), property.Value);
            }
        }
        else
        {
            foreach (var property in e.Properties)
            {
                Attribute(OtlpMapping.AttributeName(property.Key), property.Value);
            }
        }

        if (_includeTemplate)
        {
            StringAttribute(OtlpMapping.MessageTemplateAttribute, e.MessageTemplate.Text);
        }

        if (e.Exception is { } exception)
        {
            var (type, message, stacktrace) = OtlpMapping.Exception(exception);
            StringAttribute(OtlpMapping.ExceptionType, type);
            StringAttribute(OtlpMapping.ExceptionMessage, message);
            StringAttribute(OtlpMapping.ExceptionStacktrace, stacktrace);
        }

        Span<byte> id = stackalloc byte[16];
        if (e.TraceId is { } traceId && traceId != default)
        {
            traceId.CopyTo(id);
            w.BytesField(9, id);
        }

        if (e.SpanId is { } spanId && spanId != default)
        {
            spanId.CopyTo(id[..8]);
            w.BytesField(10, id[..8]);
        }

        output.Write(w.Written);
    }

    private void StringAttribute(string key, string value, int field = 6)
    {
        int kv = _proto.BeginMessage(field);
        _proto.StringField(1, key);
        int v = _proto.BeginMessage(2);
        _proto.StringField(StringValue, value);
        _proto.EndMessage(v);
        _proto.EndMessage(kv);
    }

    /// <summary>A <c>KeyValue</c> in field 6 of the record (or field 1 of a <c>KeyValueList</c>: <paramref name="field"/>).</summary>
    private void Attribute(string key, LogEventPropertyValue? value, int field = 6, int depth = 0)
    {
        int kv = _proto.BeginMessage(field);
        _proto.StringField(1, key);
        Value(2, value, depth);
        _proto.EndMessage(kv);
    }

    /// <summary>An <c>AnyValue</c> in <paramref name="field"/>: scalars typed, structures and dictionaries as kvlists, sequences as arrays.</summary>
    private void Value(int field, LogEventPropertyValue? value, int depth)
    {
        var w = _proto;
        int start = w.BeginMessage(field);
        if (depth >= OtlpMapping.MaxDepth)
        {
            w.StringField(StringValue, "<depth limit reached>");
            w.EndMessage(start);
            return;
        }

        switch (value)
        {
            case ScalarValue scalar:
                Scalar(scalar.Value);
                break;
            case SequenceValue sequence:
                int array = w.BeginMessage(ArrayValue);
                IReadOnlyList<LogEventPropertyValue> elements = sequence.Elements;
                for (int i = 0; i < elements.Count; i++)
                {
                    Value(1, elements[i], depth + 1);
                }

                w.EndMessage(array);
                break;
            case StructureValue structure:
                int members = w.BeginMessage(KvlistValue);
                IReadOnlyList<LogEventProperty> properties = structure.Properties;
                for (int i = 0; i < properties.Count; i++)
                {
                    Attribute(properties[i].Name, properties[i].Value, 1, depth + 1);
                }

                if (structure.TypeTag is { } tag)
                {
                    StringAttribute("$type", SafeText.Limit(tag), 1);
                }

                w.EndMessage(members);
                break;
            case DictionaryValue dictionary:
                int entries = w.BeginMessage(KvlistValue);
                foreach (var entry in dictionary.Elements)
                {
                    Attribute(OtlpMapping.KeyText(entry.Key), entry.Value, 1, depth + 1);
                }

                w.EndMessage(entries);
                break;
            case null:
                break;
            default:
                w.StringField(StringValue, SafeText.Limit(SafeText.Of(value)));
                break;
        }

        w.EndMessage(start);
    }

    private void Scalar(object? value)
    {
        var w = _proto;
        switch (OtlpMapping.Classify(value, out long integer, out double real))
        {
            case OtlpScalarKind.Empty:
                break;
            case OtlpScalarKind.String:
                w.StringField(StringValue, SafeText.Limit((string)value!));
                break;
            case OtlpScalarKind.Bool:
                w.VarintField(BoolValue, (bool)value! ? 1UL : 0UL);
                break;
            case OtlpScalarKind.Int:
                w.VarintField(IntValue, unchecked((ulong)integer));
                break;
            case OtlpScalarKind.Double:
                w.DoubleField(DoubleValue, real);
                break;
            case OtlpScalarKind.Bytes:
                w.BytesField(BytesValue, (byte[])value!);
                break;
            default:
                var text = _scratch.Scalar;
                text.Clear();
                OtlpMapping.AppendText(value!, text);
                w.BytesField(StringValue, text.Written);
                break;
        }
    }
}
