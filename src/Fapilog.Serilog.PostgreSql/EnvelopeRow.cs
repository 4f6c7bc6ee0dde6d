using System;
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
internal sealed partial class EnvelopeRow
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
}
