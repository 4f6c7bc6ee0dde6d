using System;
using System.Globalization;
using System.Text.Json;

namespace Fapilog.Serilog.Outputs.Audit;

/// <summary>
/// The lines the audit trail writes by itself: a file's seal (its manifest) and a key rotation record. Both are
/// ordinary envelope v1.1 lines at level AUDIT, so that every line of the file stays schema-valid.
/// </summary>
internal static class AuditRecords
{
    public const string RotationProperty = "audit_key_rotation";
    public const string Logger = "Fapilog.Serilog.AuditTrail";

    /// <summary>The seal line of a file: its manifest, MACed, linked by <c>prev</c> to the previous seal.</summary>
    public static byte[] Seal(AuditManifest manifest, long chainSeq, ReadOnlySpan<byte> prevManifest, DateTimeOffset now, FapilogAuditKey key, PooledByteBuffer scratch)
    {
        scratch.Clear();
        using (var json = new Utf8JsonWriter(scratch))
        {
            Head(json, now, "Audit file sealed");
            manifest.Write(json);
            json.Flush();
        }

        AuditLine.Append(scratch, seal: true, chainSeq, prevManifest, key);
        return scratch.WrittenSpan.ToArray();
    }

    /// <summary>The chain record that moves the chain from key <paramref name="fromKid"/> to <paramref name="key"/>.</summary>
    public static byte[] Rotation(string fromKid, long seq, ReadOnlySpan<byte> prev, DateTimeOffset now, FapilogAuditKey key, PooledByteBuffer scratch)
    {
        scratch.Clear();
        using (var json = new Utf8JsonWriter(scratch))
        {
            Head(json, now, "Audit key rotated");
            json.WriteStartObject(RotationProperty);
            json.WriteString("from_kid", fromKid);
            json.WriteString("to_kid", key.Id);
            json.WriteEndObject();
            json.Flush();
        }

        AuditLine.Append(scratch, seal: false, seq, prev, key);
        return scratch.WrittenSpan.ToArray();
    }

    /// <summary>The envelope timestamp form: RFC 3339 UTC with milliseconds.</summary>
    public static string Timestamp(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The <c>log.timestamp</c> of an envelope line, read without parsing the line; null when absent.</summary>
    public static string? TimestampOf(ReadOnlySpan<byte> line)
    {
        var key = "\"timestamp\":\""u8;
        int at = line.IndexOf(key);
        if (at < 0)
        {
            return null;
        }

        var rest = line[(at + key.Length)..];
        int end = rest.IndexOf((byte)'"');
        return end < 0 ? null : System.Text.Encoding.UTF8.GetString(rest[..end]);
    }

    private static void Head(Utf8JsonWriter json, DateTimeOffset now, string message)
    {
        json.WriteStartObject();
        json.WriteString("schema_version", "1.1");
        json.WriteStartObject("log");
        json.WriteString("timestamp", Timestamp(now));
        json.WriteString("level", "AUDIT");
        json.WriteString("message", message);
        json.WriteString("logger", Logger);
        json.WriteStartObject("context");
        json.WriteString("message_id", Guid.NewGuid().ToString("D"));
        json.WriteNull("correlation_id");
        json.WriteEndObject();
        json.WriteStartObject("diagnostics");
        json.WriteEndObject();
        json.WriteStartObject("data");
        json.WriteEndObject();
    }
}
