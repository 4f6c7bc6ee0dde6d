using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using Serilog.Events;
using Keys = Fapilog.Serilog.Formatting.EnvelopeKeys;

namespace Fapilog.Serilog.Formatting;

/// <summary>Writes one fapilog envelope v1.1 line, keys in a fixed order.</summary>
internal static class EnvelopeWriter
{
    public static void Write(in FapilogEvent fapilogEvent, IBufferWriter<byte> output, FormatterScratch scratch, FapilogEnvelopeOptions options)
    {
        var logEvent = fapilogEvent.LogEvent;
        var fields = scratch.Envelope;
        fields.Collect(logEvent, fapilogEvent.Level);

        var writer = scratch.Json;
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString(Keys.SchemaVersion, Keys.SchemaVersionValue);
        writer.WriteStartObject(Keys.Log);

        Span<byte> timestamp = stackalloc byte[24];
        Utf8Primitives.WriteEnvelopeTimestamp(logEvent.Timestamp, timestamp);
        writer.WriteString(Keys.Timestamp, timestamp);
        writer.WriteString(Keys.Level, LevelClassifier.EnvelopeName(fapilogEvent.Level));

        var message = scratch.Message;
        message.Clear();
        MessageRenderer.Render(logEvent.MessageTemplate, logEvent.Properties, options.QuoteStringValues, message, scratch);
        writer.WriteString(Keys.Message, message.Written);
        if (options.IncludeMessageTemplate)
        {
            writer.WriteString(Keys.MessageTemplate, SafeText.Limit(logEvent.MessageTemplate.Text));
        }

        if (fields.Scalar(EnvelopeSlot.Logger) is { } logger)
        {
            WriteText(writer, Keys.Logger, logger, scratch);
        }
        else
        {
            writer.WriteString(Keys.Logger, Keys.Root);
        }

        WriteContext(writer, fapilogEvent, fields, scratch);
        WriteDiagnostics(writer, logEvent, fields, scratch);
        WriteData(writer, logEvent, fields, scratch);

        if (fields.Tags is { } tags)
        {
            writer.WriteStartArray(Keys.Tags);
            var elements = tags.Elements;
            for (int i = 0; i < elements.Count; i++)
            {
                writer.WriteStringValue(SafeText.Limit((string)((ScalarValue)elements[i]).Value!));
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }

    private static void WriteContext(Utf8JsonWriter writer, in FapilogEvent fapilogEvent, EnvelopeProperties fields, FormatterScratch scratch)
    {
        writer.WriteStartObject(Keys.Context);
        writer.WriteString(Keys.MessageId, fapilogEvent.MessageId);

        var correlation = fields.Scalar(EnvelopeSlot.CorrelationId, EnvelopeSlot.CorrelationIdSnake)
            ?? fields.Scalar(EnvelopeSlot.RequestId, EnvelopeSlot.RequestIdSnake);
        if (correlation is null)
        {
            writer.WriteNull(Keys.CorrelationId);
        }
        else
        {
            WriteText(writer, Keys.CorrelationId, correlation, scratch);
        }

        WriteText(writer, Keys.RequestId, fields.Scalar(EnvelopeSlot.RequestId, EnvelopeSlot.RequestIdSnake), scratch);
        WriteText(writer, Keys.UserId, fields.Scalar(EnvelopeSlot.UserId, EnvelopeSlot.UserIdSnake), scratch);
        WriteText(writer, Keys.TenantId, fields.Scalar(EnvelopeSlot.TenantId, EnvelopeSlot.TenantIdSnake), scratch);

        var logEvent = fapilogEvent.LogEvent;
        Span<byte> hex = stackalloc byte[32];
        if (logEvent.TraceId is { } traceId)
        {
            Utf8Primitives.WriteHex(traceId, hex);
            writer.WriteString(Keys.TraceId, hex);
        }

        if (logEvent.SpanId is { } spanId)
        {
            Utf8Primitives.WriteHex(spanId, hex);
            writer.WriteString(Keys.SpanId, hex[..16]);
        }

        WriteText(writer, Keys.ParentSpanId, fields.Scalar(EnvelopeSlot.ParentSpanId), scratch);
        writer.WriteEndObject();
    }

    private static void WriteDiagnostics(Utf8JsonWriter writer, LogEvent logEvent, EnvelopeProperties fields, FormatterScratch scratch)
    {
        writer.WriteStartObject(Keys.Diagnostics);
        writer.WriteString(Keys.Origin, Keys.Serilog);
        WriteText(writer, Keys.Service, fields.Scalar(EnvelopeSlot.Service), scratch);
        WriteText(writer, Keys.Env, fields.Scalar(EnvelopeSlot.Env), scratch);
        WriteText(writer, Keys.Version, fields.Scalar(EnvelopeSlot.Version), scratch);
        WriteText(writer, Keys.Host, fields.Scalar(EnvelopeSlot.Host), scratch);
        if (fields.Scalar(EnvelopeSlot.Pid) is { } pid)
        {
            writer.WritePropertyName(Keys.Pid);
            JsonValueWriter.WriteScalar(writer, pid.Value, scratch);
        }

        WriteText(writer, Keys.Runtime, fields.Scalar(EnvelopeSlot.Runtime), scratch);
        if (fields.Scalar(EnvelopeSlot.ThreadId) is { } threadId)
        {
            writer.WritePropertyName(Keys.ThreadId);
            if (threadId.Value is int or long)
            {
                JsonValueWriter.WriteScalar(writer, threadId.Value, scratch);
            }
            else
            {
                JsonValueWriter.WriteAsString(writer, threadId.Value!, scratch);
            }
        }

        WriteText(writer, Keys.ThreadName, fields.Scalar(EnvelopeSlot.ThreadName), scratch);
        WriteText(writer, Keys.K8sPod, fields.Scalar(EnvelopeSlot.K8sPod), scratch);
        WriteText(writer, Keys.K8sNamespace, fields.Scalar(EnvelopeSlot.K8sNamespace), scratch);
        WriteText(writer, Keys.K8sNode, fields.Scalar(EnvelopeSlot.K8sNode), scratch);
        WriteText(writer, Keys.K8sContainer, fields.Scalar(EnvelopeSlot.K8sContainer), scratch);
        WriteText(writer, Keys.K8sCluster, fields.Scalar(EnvelopeSlot.K8sCluster), scratch);
        WriteText(writer, Keys.K8sDeployment, fields.Scalar(EnvelopeSlot.K8sDeployment), scratch);
        if (logEvent.Exception is { } exception)
        {
            writer.WritePropertyName(Keys.Exception);
            ExceptionWriter.Write(writer, exception);
        }

        writer.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter writer, LogEvent logEvent, EnvelopeProperties fields, FormatterScratch scratch)
    {
        writer.WriteStartObject(Keys.Data);
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
    private static void WriteText(Utf8JsonWriter writer, JsonEncodedText key, ScalarValue? value, FormatterScratch scratch)
    {
        if (value?.Value is { } raw)
        {
            writer.WritePropertyName(key);
            JsonValueWriter.WriteAsString(writer, raw, scratch);
        }
    }
}
