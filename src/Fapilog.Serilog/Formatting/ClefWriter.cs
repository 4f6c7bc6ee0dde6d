using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text.Json;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Writes one CLEF line with Serilog.Formatting.Compact 2.0's fields and order: <c>@t</c>, <c>@mt</c> or
/// <c>@m</c>+<c>@i</c>, <c>@r</c>, <c>@l</c>, <c>@x</c>, <c>@tr</c>, <c>@sp</c>, then the properties.
/// Renderings use the invariant culture.
/// </summary>
internal static class ClefWriter
{
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("@t");
    private static readonly JsonEncodedText Template = JsonEncodedText.Encode("@mt");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("@m");
    private static readonly JsonEncodedText EventId = JsonEncodedText.Encode("@i");
    private static readonly JsonEncodedText Renderings = JsonEncodedText.Encode("@r");
    private static readonly JsonEncodedText Level = JsonEncodedText.Encode("@l");
    private static readonly JsonEncodedText Exception = JsonEncodedText.Encode("@x");
    private static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("@tr");
    private static readonly JsonEncodedText SpanId = JsonEncodedText.Encode("@sp");
    private static readonly StandardFormat RoundTrip = new('O');
    private static readonly StandardFormat Hex8 = new('x', 8);

    private static readonly JsonEncodedText[] LevelNames =
    {
        JsonEncodedText.Encode(nameof(LogEventLevel.Verbose)),
        JsonEncodedText.Encode(nameof(LogEventLevel.Debug)),
        JsonEncodedText.Encode(nameof(LogEventLevel.Information)),
        JsonEncodedText.Encode(nameof(LogEventLevel.Warning)),
        JsonEncodedText.Encode(nameof(LogEventLevel.Error)),
        JsonEncodedText.Encode(nameof(LogEventLevel.Fatal)),
    };

    public static void Write(LogEvent logEvent, IBufferWriter<byte> output, FormatterScratch scratch, bool rendered)
    {
        var writer = scratch.Json;
        writer.Reset(output);
        writer.WriteStartObject();

        Span<byte> buffer = stackalloc byte[40];
        Utf8Formatter.TryFormat(logEvent.Timestamp.UtcDateTime, buffer, out int written, RoundTrip);
        writer.WriteString(Timestamp, buffer[..written]);

        var template = logEvent.MessageTemplate;
        if (rendered)
        {
            var message = scratch.Message;
            message.Clear();
            MessageRenderer.Render(template, logEvent.Properties, quoteStrings: true, message, scratch);
            writer.WriteString(Message, message.Written);
            Utf8Formatter.TryFormat(EventIdHash.Compute(template.Text), buffer, out written, Hex8);
            writer.WriteString(EventId, buffer[..written]);
        }
        else
        {
            writer.WriteString(Template, SafeText.Limit(template.Text));
            WriteRenderings(writer, logEvent, scratch);
        }

        if (logEvent.Level != LogEventLevel.Information)
        {
            int level = (int)logEvent.Level;
            writer.WritePropertyName(Level);
            if ((uint)level < (uint)LevelNames.Length)
            {
                writer.WriteStringValue(LevelNames[level]);
            }
            else
            {
                writer.WriteStringValue(logEvent.Level.ToString());
            }
        }

        if (logEvent.Exception is { } exception)
        {
            writer.WriteString(Exception, SafeText.Limit(SafeText.Of(exception)));
        }

        if (logEvent.TraceId is { } traceId)
        {
            Utf8Primitives.WriteHex(traceId, buffer);
            writer.WriteString(TraceId, buffer[..32]);
        }

        if (logEvent.SpanId is { } spanId)
        {
            Utf8Primitives.WriteHex(spanId, buffer);
            writer.WriteString(SpanId, buffer[..16]);
        }

        if (logEvent.Properties is Dictionary<string, LogEventPropertyValue> dictionary)
        {
            foreach (var property in dictionary)
            {
                PropertyNameCache.Clef.Write(writer, property.Key);
                JsonValueWriter.Write(writer, property.Value, scratch);
            }
        }
        else
        {
            foreach (var property in logEvent.Properties)
            {
                PropertyNameCache.Clef.Write(writer, property.Key);
                JsonValueWriter.Write(writer, property.Value, scratch);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }

    /// <summary><c>@r</c>: one rendering per property token with a format string, in template order.</summary>
    private static void WriteRenderings(Utf8JsonWriter writer, LogEvent logEvent, FormatterScratch scratch)
    {
        if (logEvent.MessageTemplate.Tokens is not MessageTemplateToken[] tokens)
        {
            tokens = new List<MessageTemplateToken>(logEvent.MessageTemplate.Tokens).ToArray();
        }

        bool started = false;
        foreach (var token in tokens)
        {
            if (token is not PropertyToken { Format: not null })
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray(Renderings);
                started = true;
            }

            var rendering = scratch.Message;
            rendering.Clear();
            MessageRenderer.RenderToken(token, logEvent.Properties, quoteStrings: true, rendering, scratch);
            writer.WriteStringValue(rendering.Written);
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }
}
