using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Serilog.Events;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Writes one fapilog envelope v1.1 line, keys in a fixed order, into one span (<see cref="SpanJsonWriter"/>).
/// The fixed shape is pre-encoded literals, and so are the keys of the properties that move out of <c>data</c>
/// (<see cref="EnvelopeSchema"/>); common scalars (plain-ASCII strings, integers, doubles, booleans,
/// GUIDs) are written directly; values that need escaping or structure (exceptions, structures, non-ASCII text)
/// go through the scratch <see cref="Utf8JsonWriter"/>, so escaping is exactly the other formatters' one.
/// </summary>
internal static class EnvelopeWriter
{
    // The two fixed answers of a line without the property.
    private static readonly Utf8Block RootLogger = new([.. EnvelopeSchema.Logger.Utf8Key.Bytes, .. "\"root\""u8]);
    private static readonly Utf8Block NoCorrelation = new([.. EnvelopeSchema.CorrelationId.Utf8Key.Bytes, .. "null"u8]);

    public static void Write(in FapilogEvent fapilogEvent, IBufferWriter<byte> output, FormatterScratch scratch, FapilogEnvelopeOptions options)
    {
        var logEvent = fapilogEvent.LogEvent;
        var fields = scratch.Envelope;
        fields.Collect(logEvent, fapilogEvent.Level, scratch.Names);
        var json = scratch.Json;
        var w = new SpanJsonWriter(output, json);

        w.Literal("{\"schema_version\":\"1.1\",\"log\":{\"timestamp\":\""u8);
        scratch.Timestamp.WriteEnvelope(logEvent.Timestamp, w.Free(CachedTimestamp.EnvelopeLength));
        w.Advance(CachedTimestamp.EnvelopeLength);
        w.Literal("\",\"level\":\""u8);
        w.Literal(LevelClassifier.EnvelopeNameUtf8(fapilogEvent.Level));
        w.Literal("\",\"message\":"u8);

        // Most messages are written straight into the line by their template's plan; the rest are rendered, then escaped.
        // Both template tables below are keyed by the template's identity hash: one call into the runtime for both.
        var template = logEvent.MessageTemplate;
        int templateHash = RuntimeHelpers.GetHashCode(template);
        if (options.QuoteStringValues || scratch.MessagePlans.Find(template, templateHash) is not { } plan
            || !DirectMessage.TryWrite(ref w, plan, logEvent, fields, scratch))
        {
            var message = scratch.Message;
            message.Clear();
            MessageRenderer.Render(template, logEvent.Properties, options.QuoteStringValues, message, scratch, fields);
            w.String(message.Written);
        }
        if (options.IncludeMessageTemplate)
        {
            w.Literal(",\"message_template\":"u8);
            w.Literal(scratch.Templates.Json(template, templateHash, json));
        }

        if (fields.Scalar(EnvelopeSchema.Logger) is { } logger)
        {
            WriteField(ref w, EnvelopeSchema.Logger, logger, scratch);
        }
        else
        {
            w.Block(RootLogger);
        }

        WriteContext(ref w, fapilogEvent, fields, scratch);
        WriteDiagnostics(ref w, logEvent, fields, scratch);
        WriteData(ref w, fields, scratch);
        if (fields.Tags is { } tags)
        {
            w.Block(EnvelopeSchema.Tags.Utf8Key);
            w.Byte((byte)'[');
            var elements = tags.Elements;
            for (int i = 0; i < elements.Count; i++)
            {
                if (i > 0)
                {
                    w.Byte((byte)',');
                }

                w.String((string)((ScalarValue)elements[i]).Value!);
            }

            w.Byte((byte)']');
        }

        w.Literal("}}\n"u8);
        w.Complete();
    }

    private static void WriteContext(ref SpanJsonWriter w, in FapilogEvent fapilogEvent, EnvelopeProperties fields, FormatterScratch scratch)
    {
        w.Literal(",\"context\":{\"message_id\":"u8);
        w.String(fapilogEvent.MessageId);

        if ((fields.Present & EnvelopeSchema.ContextMask) == 0)
        {
            w.Block(NoCorrelation);
        }
        else
        {
            // correlation_id is always there; a request id stands in for a missing one.
            if ((fields.Scalar(EnvelopeSchema.CorrelationId) ?? fields.Scalar(EnvelopeSchema.RequestId)) is { } correlation)
            {
                WriteField(ref w, EnvelopeSchema.CorrelationId, correlation, scratch);
            }
            else
            {
                w.Block(NoCorrelation);
            }

            WriteIfMoved(ref w, EnvelopeSchema.RequestId, fields, scratch);
            WriteIfMoved(ref w, EnvelopeSchema.UserId, fields, scratch);
            WriteIfMoved(ref w, EnvelopeSchema.TenantId, fields, scratch);
        }

        // Not properties: the event's own trace context, between the ids and the parent span.
        var logEvent = fapilogEvent.LogEvent;
        if (logEvent.TraceId is { } traceId)
        {
            w.Literal(",\"trace_id\":"u8);
            w.String(traceId);
        }

        if (logEvent.SpanId is { } spanId)
        {
            w.Literal(",\"span_id\":"u8);
            w.String(spanId);
        }

        WriteIfMoved(ref w, EnvelopeSchema.ParentSpanId, fields, scratch);
        w.Byte((byte)'}');
    }

    private static void WriteDiagnostics(ref SpanJsonWriter w, LogEvent logEvent, EnvelopeProperties fields, FormatterScratch scratch)
    {
        w.Literal(",\"diagnostics\":{\"origin\":\"serilog\""u8);

        // Only the fields that moved, in table order (a bit's index is its field's).
        for (ulong moved = fields.Present & EnvelopeSchema.DiagnosticsMask; moved != 0; moved &= moved - 1)
        {
            var field = EnvelopeSchema.Table[BitOperations.TrailingZeroCount(moved)];
            WriteField(ref w, field, fields.Scalar(field)!, scratch);
        }

        if (logEvent.Exception is { } exception)
        {
            w.Literal(",\"exception\":"u8);
            using var json = w.BorrowJson();
            ExceptionWriter.Write(json.Writer, exception);
        }

        w.Byte((byte)'}');
    }

    private static void WriteData(ref SpanJsonWriter w, EnvelopeProperties fields, FormatterScratch scratch)
    {
        w.Literal(",\"data\":{"u8);
        bool first = true;
        for (int i = 0; i < fields.Count; i++)
        {
            if (fields.IsConsumedAt(i))
            {
                continue;
            }

            if (!first)
            {
                w.Byte((byte)',');
            }

            first = false;
            if (fields.EntryAt(i) is { } entry)
            {
                w.Key(entry);
            }
            else
            {
                w.Key(PropertyNameCache.Plain.Encoded(fields.NameAt(i)));
            }

            JsonValueWriter.Write(ref w, fields.ValueAt(i), scratch);
        }

        w.Byte((byte)'}');
    }

    private static void WriteIfMoved(ref SpanJsonWriter w, EnvelopeField field, EnvelopeProperties fields, FormatterScratch scratch)
    {
        if (fields.Scalar(field) is { } moved)
        {
            WriteField(ref w, field, moved, scratch);
        }
    }

    /// <summary>A moved scalar under its key, typed as the schema types the field: ids and names as strings.</summary>
    private static void WriteField(ref SpanJsonWriter w, EnvelopeField field, ScalarValue moved, FormatterScratch scratch)
    {
        object value = moved.Value!; // a null scalar fits no field
        w.Block(field.Utf8Key);
        if (field.Value == EnvelopeValue.String && value is string text)
        {
            w.String(text);
            return;
        }

        if (field.Value == EnvelopeValue.IntegerOrString && value is int number)
        {
            w.Number(number);
            return;
        }

        bool asNumber = field.Value == EnvelopeValue.Integer || (field.Value == EnvelopeValue.IntegerOrString && value is long);
        using var json = w.BorrowJson();
        if (asNumber)
        {
            JsonValueWriter.WriteScalar(json.Writer, value, scratch);
        }
        else
        {
            JsonValueWriter.WriteAsString(json.Writer, value, scratch);
        }
    }
}
