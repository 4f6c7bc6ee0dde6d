using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Writes one CLEF line with Serilog.Formatting.Compact 3.0's fields and order: <c>@t</c>, <c>@mt</c> or
/// <c>@m</c>+<c>@i</c>, <c>@r</c>, <c>@l</c>, <c>@x</c>, <c>@tr</c>, <c>@sp</c>, then the properties.
/// Renderings use the invariant culture. Like the envelope, the line goes into one span
/// (<see cref="SpanJsonWriter"/>): the fixed keys are literals, the timestamp and the template are cached per
/// scratch, and only values that need escaping or structure go through the scratch <see cref="Utf8JsonWriter"/>.
/// </summary>
internal static class ClefWriter
{
    private static readonly StandardFormat Hex8 = new('x', 8);

    // ,"@l":"Verbose" to ,"@l":"Fatal", by level value (Information is never written).
    private static readonly byte[][] LevelFields = Array.ConvertAll(
        new[] { LogEventLevel.Verbose, LogEventLevel.Debug, LogEventLevel.Information, LogEventLevel.Warning, LogEventLevel.Error, LogEventLevel.Fatal },
        level => Encoding.UTF8.GetBytes(",\"@l\":\"" + level + "\""));

    public static void Write(LogEvent logEvent, IBufferWriter<byte> output, FormatterScratch scratch, bool rendered)
    {
        var json = scratch.Json;
        var w = new SpanJsonWriter(output, json);

        w.Literal("{\"@t\":"u8);
        scratch.Timestamp.WriteRoundTrip(logEvent.Timestamp, w.Quoted(CachedTimestamp.RoundTripLength));

        var template = logEvent.MessageTemplate;
        if (rendered)
        {
            var message = scratch.Message;
            message.Clear();
            MessageRenderer.Render(template, logEvent.Properties, quoteStrings: true, message, scratch);
            w.Literal(",\"@m\":"u8);
            w.String(message.Written);
            w.Literal(",\"@i\":"u8);
            Utf8Formatter.TryFormat(scratch.Templates.EventId(template), w.Quoted(8), out _, Hex8); // a uint: 8 digits
        }
        else
        {
            w.Literal(",\"@mt\":"u8);
            w.Literal(scratch.Templates.Json(template, json, out bool formatted));
            if (formatted)
            {
                WriteRenderings(ref w, logEvent, scratch);
            }
        }

        if (logEvent.Level != LogEventLevel.Information)
        {
            WriteLevel(ref w, logEvent.Level);
        }

        if (logEvent.Exception is { } exception)
        {
            w.Literal(",\"@x\":"u8);
            w.String(SafeText.Of(exception));
        }

        if (logEvent.TraceId is { } traceId)
        {
            w.Literal(",\"@tr\":"u8);
            w.String(traceId);
        }

        if (logEvent.SpanId is { } spanId)
        {
            w.Literal(",\"@sp\":"u8);
            w.String(spanId);
        }

        if (logEvent.Properties is Dictionary<string, LogEventPropertyValue> dictionary)
        {
            foreach (var property in dictionary)
            {
                WriteProperty(ref w, property.Key, property.Value, scratch);
            }
        }
        else
        {
            foreach (var property in logEvent.Properties)
            {
                WriteProperty(ref w, property.Key, property.Value, scratch);
            }
        }

        w.Literal("}\n"u8);
        w.Complete();
    }

    private static void WriteProperty(ref SpanJsonWriter w, string name, LogEventPropertyValue value, FormatterScratch scratch)
    {
        w.Byte((byte)',');

        // The name table's keys are the plain names; CLEF doubles a leading '@' (so a property cannot pass for
        // @t, @mt…), so those few names take the CLEF cache instead.
        if ((name.Length == 0 || name[0] != '@') && scratch.Names.Find(name) is { } entry)
        {
            w.Key(entry);
        }
        else
        {
            w.Key(PropertyNameCache.Clef.Encoded(name));
        }

        JsonValueWriter.Write(ref w, value, scratch);
    }

    private static void WriteLevel(ref SpanJsonWriter w, LogEventLevel level)
    {
        if ((uint)level < (uint)LevelFields.Length)
        {
            w.Literal(LevelFields[(int)level]);
        }
        else
        {
            // A value outside the enum: its ToString, which is the number (with the invariant minus sign).
            w.Literal(",\"@l\":"u8);
            w.String(SafeText.Invariant(level));
        }
    }

    /// <summary><c>@r</c>: one rendering per property token with a format string, in template order.</summary>
    private static void WriteRenderings(ref SpanJsonWriter w, LogEvent logEvent, FormatterScratch scratch)
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

            w.Literal(started ? ","u8 : ",\"@r\":["u8);
            started = true;
            var rendering = scratch.Message;
            rendering.Clear();
            MessageRenderer.RenderToken(token, logEvent.Properties, quoteStrings: true, rendering, scratch);
            w.String(rendering.Written);
        }

        if (started)
        {
            w.Byte((byte)']');
        }
    }
}
