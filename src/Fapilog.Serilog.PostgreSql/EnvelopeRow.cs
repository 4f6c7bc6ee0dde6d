using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Fapilog.Serilog.PostgreSql;

/// <summary>
/// One event as a row of the log table: the columns read from its envelope record (the bytes the delivery stage holds,
/// as the envelope formatter wrote them) with a <see cref="Utf8JsonReader"/>, and the record itself as the
/// <c>jsonb</c> column. Rows are parsed once per batch and written as binary COPY data, never as SQL text.
/// </summary>
/// <remarks>
/// PostgreSQL's <c>text</c> and <c>jsonb</c> cannot hold U+0000, which a log message can: such a character becomes
/// U+FFFD in the columns, and its <c>\u0000</c> escape becomes <c>\ufffd</c> in the envelope, so that one such event
/// does not fail the batch.
/// </remarks>
internal sealed class EnvelopeRow
{
    public DateTime Timestamp { get; private set; }

    public string Level { get; private set; } = string.Empty;

    public string? Logger { get; private set; }

    public string? Message { get; private set; }

    public Guid MessageId { get; private set; }

    public string? CorrelationId { get; private set; }

    public string? RequestId { get; private set; }

    public string? UserId { get; private set; }

    public string? TenantId { get; private set; }

    public string? TraceId { get; private set; }

    public string? SpanId { get; private set; }

    public string? Service { get; private set; }

    public string? Env { get; private set; }

    public string? Host { get; private set; }

    /// <summary>The record as <c>jsonb</c> text, without its line break.</summary>
    public string Envelope { get; private set; } = string.Empty;

    /// <summary>Reads the row from one envelope record; null with the reason in <paramref name="error"/> when it is not one.</summary>
    public static EnvelopeRow? Parse(ReadOnlySpan<byte> record, out string? error)
    {
        var row = new EnvelopeRow();
        error = null;
        try
        {
            var json = record.TrimEnd("\r\n"u8);
            var reader = new Utf8JsonReader(json);
            bool hasLog = false;
            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("log"u8))
                {
                    Next(ref reader);
                    row.ReadLog(ref reader);
                    hasLog = true;
                }
                else
                {
                    Next(ref reader);
                    reader.Skip();
                }
            }

            if (!hasLog || row.Level.Length == 0 || row.MessageId == Guid.Empty || row.Timestamp == default)
            {
                error = "the record is not a fapilog envelope (log.timestamp, log.level or log.context.message_id is missing)";
                return null;
            }

            row.Envelope = EnvelopeText(json);
            return row;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            error = "the record is not a fapilog envelope: " + e.Message;
            return null;
        }
    }

    /// <summary>Writes the row's columns, in <see cref="LogColumns.All"/>'s order.</summary>
    public void WriteTo(NpgsqlBinaryImporter copy)
    {
        copy.StartRow();
        copy.Write(Timestamp, NpgsqlDbType.TimestampTz);
        copy.Write(Level, NpgsqlDbType.Text);
        Text(copy, Logger);
        Text(copy, Message);
        copy.Write(MessageId, NpgsqlDbType.Uuid);
        Text(copy, CorrelationId);
        Text(copy, RequestId);
        Text(copy, UserId);
        Text(copy, TenantId);
        Text(copy, TraceId);
        Text(copy, SpanId);
        Text(copy, Service);
        Text(copy, Env);
        Text(copy, Host);
        copy.Write(Envelope, NpgsqlDbType.Jsonb);
    }

    private static void Text(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Text);
        }
    }

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
