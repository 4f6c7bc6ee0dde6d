using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fapilog.Serilog.PostgreSql;

/// <summary>The reading half of <see cref="EnvelopeRow"/>: the envelope's sections, and the columns' values in them.</summary>
internal sealed partial class EnvelopeRow
{
    private void ReadLog(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("timestamp"u8))
            {
                Next(ref reader);
                Timestamp = ParseTimestamp(reader.GetString());
            }
            else if (reader.ValueTextEquals("level"u8))
            {
                Next(ref reader);
                Level = Clean(reader.GetString()) ?? string.Empty;
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                Message = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("logger"u8))
            {
                Logger = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("context"u8))
            {
                Next(ref reader);
                ReadContext(ref reader);
            }
            else if (reader.ValueTextEquals("diagnostics"u8))
            {
                Next(ref reader);
                ReadDiagnostics(ref reader);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
    }

    private void ReadContext(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message_id"u8))
            {
                Next(ref reader);
                MessageId = reader.GetGuid();
            }
            else if (reader.ValueTextEquals("correlation_id"u8))
            {
                CorrelationId = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("request_id"u8))
            {
                RequestId = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("user_id"u8))
            {
                UserId = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("tenant_id"u8))
            {
                TenantId = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("trace_id"u8))
            {
                TraceId = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("span_id"u8))
            {
                SpanId = StringValue(ref reader);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
    }

    private void ReadDiagnostics(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("service"u8))
            {
                Service = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("env"u8))
            {
                Env = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("host"u8))
            {
                Host = StringValue(ref reader);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
    }

    /// <summary>The value after a property name: a string, null, or any other JSON as its text (the schema types these as strings).</summary>
    private static string? StringValue(ref Utf8JsonReader reader)
    {
        var token = Next(ref reader);
        return token switch
        {
            JsonTokenType.String => Clean(reader.GetString()),
            JsonTokenType.Null => null,
            JsonTokenType.StartObject or JsonTokenType.StartArray => SkipAsNull(ref reader),
            _ => Encoding.UTF8.GetString(reader.ValueSpan),
        };
    }

    private static string? SkipAsNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static string? Clean(string? text) =>
        text is not null && text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : text;

    /// <summary>The envelope's <c>log.timestamp</c>: <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, in UTC.</summary>
    private static DateTime ParseTimestamp(string? text) =>
        DateTime.ParseExact(text ?? string.Empty, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new FormatException("the record ends early");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType == JsonTokenType.None)
        {
            Next(ref reader);
        }

        if (reader.TokenType != token)
        {
            throw new FormatException("expected " + token + ", found " + reader.TokenType);
        }
    }

    /// <summary>The record as text; a <c>\u0000</c> escape (which <c>jsonb</c> refuses) becomes <c>\ufffd</c>.</summary>
    private static string EnvelopeText(ReadOnlySpan<byte> json)
    {
        string text = Encoding.UTF8.GetString(json);
        return text.Contains("\\u0000", StringComparison.Ordinal) ? NulEscapes.Replace(text) : text;
    }
}
