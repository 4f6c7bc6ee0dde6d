using System;
using System.Buffers;
using System.Text.Json;
using Serilog.Events;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Writes one fapilog envelope v1.1 line, keys in a fixed order, into one span (<see cref="SpanJsonWriter"/>).
/// The fixed shape is pre-encoded literals; common scalars (plain-ASCII strings, integers, doubles, booleans,
/// GUIDs) are written directly; values that need escaping or structure (exceptions, structures, non-ASCII text)
/// go through the scratch <see cref="Utf8JsonWriter"/>, so escaping is exactly the other formatters' one.
/// </summary>
internal static class EnvelopeWriter
{
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

        var message = scratch.Message;
        message.Clear();
        MessageRenderer.Render(logEvent.MessageTemplate, logEvent.Properties, options.QuoteStringValues, message, scratch, fields);
        w.String(message.Written);
        if (options.IncludeMessageTemplate)
        {
            w.Literal(",\"message_template\":"u8);
            w.Literal(scratch.Templates.Json(logEvent.MessageTemplate, json));
        }

        if (fields.Scalar(EnvelopeSlot.Logger) is { } logger)
        {
            WriteText(ref w, ",\"logger\":"u8, logger, scratch);
        }
        else
        {
            w.Literal(",\"logger\":\"root\""u8);
        }

        WriteContext(ref w, fapilogEvent, fields, scratch);
        WriteDiagnostics(ref w, logEvent, fields, scratch);
        WriteData(ref w, fields, scratch);
        if (fields.Tags is { } tags)
        {
            w.Literal(",\"tags\":["u8);
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

        if ((fields.Present & EnvelopeProperties.ContextSlots) == 0)
        {
            w.Literal(",\"correlation_id\":null"u8);
        }
        else
        {
            var correlation = fields.Scalar(EnvelopeSlot.CorrelationId, EnvelopeSlot.CorrelationIdSnake)
                ?? fields.Scalar(EnvelopeSlot.RequestId, EnvelopeSlot.RequestIdSnake);
            if (correlation?.Value is null)
            {
                w.Literal(",\"correlation_id\":null"u8);
            }
            else
            {
                WriteText(ref w, ",\"correlation_id\":"u8, correlation, scratch);
            }

            WriteText(ref w, ",\"request_id\":"u8, fields.Scalar(EnvelopeSlot.RequestId, EnvelopeSlot.RequestIdSnake), scratch);
            WriteText(ref w, ",\"user_id\":"u8, fields.Scalar(EnvelopeSlot.UserId, EnvelopeSlot.UserIdSnake), scratch);
            WriteText(ref w, ",\"tenant_id\":"u8, fields.Scalar(EnvelopeSlot.TenantId, EnvelopeSlot.TenantIdSnake), scratch);
        }

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

        if ((fields.Present & (1u << (int)EnvelopeSlot.ParentSpanId)) != 0)
        {
            WriteText(ref w, ",\"parent_span_id\":"u8, fields.Scalar(EnvelopeSlot.ParentSpanId), scratch);
        }

        w.Byte((byte)'}');
    }

    private static void WriteDiagnostics(ref SpanJsonWriter w, LogEvent logEvent, EnvelopeProperties fields, FormatterScratch scratch)
    {
        w.Literal(",\"diagnostics\":{\"origin\":\"serilog\""u8);
        if ((fields.Present & EnvelopeProperties.DiagnosticsSlots) != 0)
        {
            WriteDiagnosticsFields(ref w, fields, scratch);
        }

        if (logEvent.Exception is { } exception)
        {
            w.Literal(",\"exception\":"u8);
            using var json = w.BorrowJson();
            ExceptionWriter.Write(json.Writer, exception);
        }

        w.Byte((byte)'}');
    }

    private static void WriteDiagnosticsFields(ref SpanJsonWriter w, EnvelopeProperties fields, FormatterScratch scratch)
    {
        WriteText(ref w, ",\"service\":"u8, fields.Scalar(EnvelopeSlot.Service), scratch);
        WriteText(ref w, ",\"env\":"u8, fields.Scalar(EnvelopeSlot.Env), scratch);
        WriteText(ref w, ",\"version\":"u8, fields.Scalar(EnvelopeSlot.Version), scratch);
        WriteText(ref w, ",\"host\":"u8, fields.Scalar(EnvelopeSlot.Host), scratch);
        if (fields.Scalar(EnvelopeSlot.Pid) is { } pid)
        {
            w.Literal(",\"pid\":"u8);
            using var json = w.BorrowJson();
            JsonValueWriter.WriteScalar(json.Writer, pid.Value, scratch);
        }

        WriteText(ref w, ",\"runtime\":"u8, fields.Scalar(EnvelopeSlot.Runtime), scratch);
        if (fields.Scalar(EnvelopeSlot.ThreadId) is { } threadId)
        {
            w.Literal(",\"thread_id\":"u8);
            if (threadId.Value is int number)
            {
                w.Number(number);
            }
            else
            {
                using var json = w.BorrowJson();
                if (threadId.Value is long)
                {
                    JsonValueWriter.WriteScalar(json.Writer, threadId.Value, scratch);
                }
                else
                {
                    JsonValueWriter.WriteAsString(json.Writer, threadId.Value!, scratch);
                }
            }
        }

        WriteText(ref w, ",\"thread_name\":"u8, fields.Scalar(EnvelopeSlot.ThreadName), scratch);
        WriteText(ref w, ",\"k8s_pod\":"u8, fields.Scalar(EnvelopeSlot.K8sPod), scratch);
        WriteText(ref w, ",\"k8s_namespace\":"u8, fields.Scalar(EnvelopeSlot.K8sNamespace), scratch);
        WriteText(ref w, ",\"k8s_node\":"u8, fields.Scalar(EnvelopeSlot.K8sNode), scratch);
        WriteText(ref w, ",\"k8s_container\":"u8, fields.Scalar(EnvelopeSlot.K8sContainer), scratch);
        WriteText(ref w, ",\"k8s_cluster\":"u8, fields.Scalar(EnvelopeSlot.K8sCluster), scratch);
        WriteText(ref w, ",\"k8s_deployment\":"u8, fields.Scalar(EnvelopeSlot.K8sDeployment), scratch);
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
                w.Literal(entry.Key);
            }
            else
            {
                w.Key(PropertyNameCache.Plain.Encoded(fields.NameAt(i)));
            }

            JsonValueWriter.Write(ref w, fields.ValueAt(i), scratch);
        }

        w.Byte((byte)'}');
    }

    /// <summary>Writes a moved scalar as a JSON string (the schema types ids and names as strings); skips a missing one.</summary>
    private static void WriteText(ref SpanJsonWriter w, ReadOnlySpan<byte> key, ScalarValue? value, FormatterScratch scratch)
    {
        switch (value?.Value)
        {
            case null:
                return;
            case string text:
                w.Literal(key);
                w.String(text);
                return;
            case { } raw:
                w.Literal(key);
                using (var json = w.BorrowJson())
                {
                    JsonValueWriter.WriteAsString(json.Writer, raw, scratch);
                }

                return;
        }
    }
}
