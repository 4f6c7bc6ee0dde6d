using System.Text.Json;

namespace Fapilog.Serilog.Outputs.Audit;

/// <summary>
/// What the seal of a rolled file says about it (<c>log.audit_manifest</c>): written as the file's last line, signed
/// by that line's MAC, and linked to the previous file's seal.
/// </summary>
/// <param name="File">The file's name as written (before compression adds <c>.gz</c>).</param>
/// <param name="Records">The chain records in the file.</param>
/// <param name="FirstSeq">The first record's sequence; null for a file without records.</param>
/// <param name="LastSeq">The last record's sequence; null for a file without records.</param>
/// <param name="FirstTimestamp">The first record's <c>log.timestamp</c>.</param>
/// <param name="LastTimestamp">The last record's <c>log.timestamp</c>.</param>
/// <param name="ChainHash">The chain's hash at the end of the file (the last record's, hex).</param>
/// <param name="Kid">The key id of the chain at the end of the file.</param>
/// <param name="PrevFile">The previous file's name; null for the first file of the chain.</param>
/// <param name="PrevManifest">The SHA-256 of the previous file's seal line (hex); null for the first file.</param>
internal sealed record AuditManifest(
    string File, long Records, long? FirstSeq, long? LastSeq, string? FirstTimestamp, string? LastTimestamp,
    string ChainHash, string Kid, string? PrevFile, string? PrevManifest)
{
    public const string Property = "audit_manifest";

    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject(Property);
        json.WriteString("file", File);
        json.WriteNumber("records", Records);
        WriteNumber(json, "first_seq", FirstSeq);
        WriteNumber(json, "last_seq", LastSeq);
        json.WriteString("first_timestamp", FirstTimestamp);
        json.WriteString("last_timestamp", LastTimestamp);
        json.WriteString("chain_hash", ChainHash);
        json.WriteString("kid", Kid);
        json.WriteString("prev_file", PrevFile);
        json.WriteString("prev_manifest", PrevManifest);
        json.WriteEndObject();
    }

    /// <summary>Reads the manifest of a seal line; null when the line has none of the expected shape.</summary>
    public static AuditManifest? TryRead(byte[] line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (!doc.RootElement.TryGetProperty("log", out var log) || !log.TryGetProperty(Property, out var m)
                || m.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new AuditManifest(
                m.GetProperty("file").GetString()!,
                m.GetProperty("records").GetInt64(),
                Number(m, "first_seq"),
                Number(m, "last_seq"),
                m.GetProperty("first_timestamp").GetString(),
                m.GetProperty("last_timestamp").GetString(),
                m.GetProperty("chain_hash").GetString()!,
                m.GetProperty("kid").GetString()!,
                m.GetProperty("prev_file").GetString(),
                m.GetProperty("prev_manifest").GetString());
        }
        catch (System.Exception ex) when (ex is JsonException or System.Collections.Generic.KeyNotFoundException or System.InvalidOperationException or System.FormatException)
        {
            return null;
        }
    }

    private static long? Number(JsonElement m, string name)
    {
        var e = m.GetProperty(name);
        return e.ValueKind == JsonValueKind.Null ? null : e.GetInt64();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is long v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
