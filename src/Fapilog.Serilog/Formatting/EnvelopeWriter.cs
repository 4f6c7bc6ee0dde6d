using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using Serilog.Events;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Writes one fapilog envelope v1.1 line, keys in a fixed order. The fixed shape is written as pre-encoded
/// literals (<see cref="RawJson"/>); values that need JSON escaping or structure (data, exceptions, tags) go
/// through the scratch <see cref="Utf8JsonWriter"/> as root values between the literals.
/// </summary>
internal static class EnvelopeWriter
{
    public static void Write(in FapilogEvent fapilogEvent, IBufferWriter<byte> output, FormatterScratch scratch, FapilogEnvelopeOptions options)
    {
        var logEvent = fapilogEvent.LogEvent;
        var fields = scratch.Envelope;
        fields.Collect(logEvent, fapilogEvent.Level);
        var writer = scratch.Json;

        RawJson.Literal(output, "{\"schema_version\":\"1.1\",\"log\":{\"timestamp\":\""u8);
        Span<byte> timestamp = stackalloc byte[24];
        Utf8Primitives.WriteEnvelopeTimestamp(logEvent.Timestamp, timestamp);
        RawJson.Literal(output, timestamp);
        RawJson.Literal(output, "\",\"level\":\""u8);
        RawJson.Literal(output, LevelClassifier.EnvelopeNameUtf8(fapilogEvent.Level));
        RawJson.Literal(output, "\",\"message\":"u8);

        var message = scratch.Message;
        message.Clear();
        MessageRenderer.Render(logEvent.MessageTemplate, logEvent.Properties, options.QuoteStringValues, message, scratch);
        RawJson.String(output, message.Written, writer);
        if (options.IncludeMessageTemplate)
        {
            RawJson.Literal(output, ",\"message_template\":"u8);
            scratch.Templates.Write(output, logEvent.MessageTemplate, writer);
        }

        if (fields.Scalar(EnvelopeSlot.Logger) is { } logger)
        {
            WriteText(output, writer, ",\"logger\":"u8, logger, scratch);
        }
        else
        {
            RawJson.Literal(output, ",\"logger\":\"root\""u8);
        }

        WriteContext(output, writer, fapilogEvent, fields, scratch);
        WriteDiagnostics(output, writer, logEvent, fields, scratch);
        WriteData(output, writer, logEvent, fields, scratch);
        if (fields.Tags is { } tags)
        {
            RawJson.Literal(output, ",\"tags\":"u8);
            writer.Reset(output);
            writer.WriteStartArray();
            var elements = tags.Elements;
            for (int i = 0; i < elements.Count; i++)
            {
                writer.WriteStringValue(SafeText.Limit((string)((ScalarValue)elements[i]).Value!));
            }

            writer.WriteEndArray();
            writer.Flush();
        }

        RawJson.Literal(output, "}}\n"u8);
    }

    private static void WriteContext(IBufferWriter<byte> output, Utf8JsonWriter writer, in FapilogEvent fapilogEvent, EnvelopeProperties fields, FormatterScratch scratch)
    {
        RawJson.Literal(output, ",\"context\":{\"message_id\":"u8);
        RawJson.String(output, fapilogEvent.MessageId);

        var correlation = fields.Scalar(EnvelopeSlot.CorrelationId, EnvelopeSlot.CorrelationIdSnake)
            ?? fields.Scalar(EnvelopeSlot.RequestId, EnvelopeSlot.RequestIdSnake);
        if (correlation?.Value is null)
        {
            RawJson.Literal(output, ",\"correlation_id\":null"u8);
        }
        else
        {
            WriteText(output, writer, ",\"correlation_id\":"u8, correlation, scratch);
        }

        WriteText(output, writer, ",\"request_id\":"u8, fields.Scalar(EnvelopeSlot.RequestId, EnvelopeSlot.RequestIdSnake), scratch);
        WriteText(output, writer, ",\"user_id\":"u8, fields.Scalar(EnvelopeSlot.UserId, EnvelopeSlot.UserIdSnake), scratch);
        WriteText(output, writer, ",\"tenant_id\":"u8, fields.Scalar(EnvelopeSlot.TenantId, EnvelopeSlot.TenantIdSnake), scratch);

        var logEvent = fapilogEvent.LogEvent;
        Span<byte> hex = stackalloc byte[32];
        if (logEvent.TraceId is { } traceId)
        {
            Utf8Primitives.WriteHex(traceId, hex);
            RawJson.Literal(output, ",\"trace_id\":\""u8);
            RawJson.Literal(output, hex);
            RawJson.Literal(output, "\""u8);
        }

        if (logEvent.SpanId is { } spanId)
        {
            Utf8Primitives.WriteHex(spanId, hex);
            RawJson.Literal(output, ",\"span_id\":\""u8);
            RawJson.Literal(output, hex[..16]);
            RawJson.Literal(output, "\""u8);
        }

        WriteText(output, writer, ",\"parent_span_id\":"u8, fields.Scalar(EnvelopeSlot.ParentSpanId), scratch);
        RawJson.Literal(output, "}"u8);
    }

    private static void WriteDiagnostics(IBufferWriter<byte> output, Utf8JsonWriter writer, LogEvent logEvent, EnvelopeProperties fields, FormatterScratch scratch)
    {
        RawJson.Literal(output, ",\"diagnostics\":{\"origin\":\"serilog\""u8);
        WriteText(output, writer, ",\"service\":"u8, fields.Scalar(EnvelopeSlot.Service), scratch);
        WriteText(output, writer, ",\"env\":"u8, fields.Scalar(EnvelopeSlot.Env), scratch);
        WriteText(output, writer, ",\"version\":"u8, fields.Scalar(EnvelopeSlot.Version), scratch);
        WriteText(output, writer, ",\"host\":"u8, fields.Scalar(EnvelopeSlot.Host), scratch);
        if (fields.Scalar(EnvelopeSlot.Pid) is { } pid)
        {
            RawJson.Literal(output, ",\"pid\":"u8);
            writer.Reset(output);
            JsonValueWriter.WriteScalar(writer, pid.Value, scratch);
            writer.Flush();
        }

        WriteText(output, writer, ",\"runtime\":"u8, fields.Scalar(EnvelopeSlot.Runtime), scratch);
        if (fields.Scalar(EnvelopeSlot.ThreadId) is { } threadId)
        {
            RawJson.Literal(output, ",\"thread_id\":"u8);
            writer.Reset(output);
            if (threadId.Value is int or long)
            {
                JsonValueWriter.WriteScalar(writer, threadId.Value, scratch);
            }
            else
            {
                JsonValueWriter.WriteAsString(writer, threadId.Value!, scratch);
            }

            writer.Flush();
        }

        WriteText(output, writer, ",\"thread_name\":"u8, fields.Scalar(EnvelopeSlot.ThreadName), scratch);
        WriteText(output, writer, ",\"k8s_pod\":"u8, fields.Scalar(EnvelopeSlot.K8sPod), scratch);
        WriteText(output, writer, ",\"k8s_namespace\":"u8, fields.Scalar(EnvelopeSlot.K8sNamespace), scratch);
        WriteText(output, writer, ",\"k8s_node\":"u8, fields.Scalar(EnvelopeSlot.K8sNode), scratch);
        WriteText(output, writer, ",\"k8s_container\":"u8, fields.Scalar(EnvelopeSlot.K8sContainer), scratch);
        WriteText(output, writer, ",\"k8s_cluster\":"u8, fields.Scalar(EnvelopeSlot.K8sCluster), scratch);
        WriteText(output, writer, ",\"k8s_deployment\":"u8, fields.Scalar(EnvelopeSlot.K8sDeployment), scratch);
        if (logEvent.Exception is { } exception)
        {
            RawJson.Literal(output, ",\"exception\":"u8);
            writer.Reset(output);
            ExceptionWriter.Write(writer, exception);
            writer.Flush();
        }

        RawJson.Literal(output, "}"u8);
    }

    private static void WriteData(IBufferWriter<byte> output, Utf8JsonWriter writer, LogEvent logEvent, EnvelopeProperties fields, FormatterScratch scratch)
    {
        RawJson.Literal(output, ",\"data\":"u8);
        writer.Reset(output);
        writer.WriteStartObject();
        if (logEvent.Properties is Dictionary<string, LogEventPropertyValue> dictionary)
        {
            foreach (var property in dictionary)
            {
                WriteDataProperty(writer, property.Key, property.Value, fields, scratch);
            }
        }
        else
        {
            foreach (var property in logEvent.Properties)
            {
                WriteDataProperty(writer, property.Key, property.Value, fields, scratch);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteDataProperty(Utf8JsonWriter writer, string name, LogEventPropertyValue value, EnvelopeProperties fields, FormatterScratch scratch)
    {
        if (!fields.IsConsumed(name))
        {
            PropertyNameCache.Plain.Write(writer, name);
            JsonValueWriter.Write(writer, value, scratch);
        }
    }

    /// <summary>Writes a moved scalar as a JSON string (the schema types ids and names as strings); skips a missing one.</summary>
    private static void WriteText(IBufferWriter<byte> output, Utf8JsonWriter writer, ReadOnlySpan<byte> key, ScalarValue? value, FormatterScratch scratch)
    {
        switch (value?.Value)
        {
            case null:
                return;
            case string text:
                RawJson.Literal(output, key);
                RawJson.String(output, SafeText.Limit(text), writer);
                return;
            case { } raw:
                RawJson.Literal(output, key);
                writer.Reset(output);
                JsonValueWriter.WriteAsString(writer, raw, scratch);
                writer.Flush();
                return;
        }
    }
}
