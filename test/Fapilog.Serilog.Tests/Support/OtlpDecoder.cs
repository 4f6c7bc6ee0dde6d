using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Google.Protobuf;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>One decoded OTLP log record. Attribute values: string, bool, long, double, byte[], a list, a dictionary, or null (an empty AnyValue).</summary>
internal sealed record OtlpRecord(
    ulong TimeUnixNano,
    ulong ObservedTimeUnixNano,
    int SeverityNumber,
    string? SeverityText,
    object? Body,
    IReadOnlyList<KeyValuePair<string, object?>> AttributeList,
    string? TraceId,
    string? SpanId,
    uint Flags,
    IReadOnlyDictionary<string, object?> Resource,
    string? ScopeName,
    string? ScopeVersion)
{
    public IReadOnlyDictionary<string, object?> Attributes => AttributeList.ToDictionary(a => a.Key, a => a.Value);

    public object? this[string attribute] => Attributes.TryGetValue(attribute, out var value) ? value : null;
}

/// <summary>
/// Decodes an <c>ExportLogsServiceRequest</c> as the OTLP schema defines it, independently of our encoder: protobuf
/// with Google.Protobuf's <see cref="CodedInputStream"/> (unknown fields skipped, as a collector does), or the OTLP JSON
/// mapping (also what the Aspire dashboard's API answers with).
/// </summary>
internal static class OtlpDecoder
{
    public static List<OtlpRecord> Protobuf(byte[] request)
    {
        var records = new List<OtlpRecord>();
        foreach (var resourceLogs in Repeated(request, 1))
        {
            var resource = new Dictionary<string, object?>();
            foreach (var resourceMessage in Repeated(resourceLogs, 1))
            {
                foreach (var kv in Repeated(resourceMessage, 1))
                {
                    var (key, value) = KeyValue(kv);
                    resource[key] = value;
                }
            }

            foreach (var scopeLogs in Repeated(resourceLogs, 2))
            {
                string? scopeName = null, scopeVersion = null;
                foreach (var scope in Repeated(scopeLogs, 1))
                {
                    var fields = Fields(scope);
                    scopeName = fields.TryGetValue(1, out var n) ? ((ByteString)n[0]).ToStringUtf8() : null;
                    scopeVersion = fields.TryGetValue(2, out var v) ? ((ByteString)v[0]).ToStringUtf8() : null;
                }

                foreach (var record in Repeated(scopeLogs, 2))
                {
                    records.Add(LogRecord(record, resource, scopeName, scopeVersion));
                }
            }
        }

        return records;
    }

    /// <summary>One <c>LogRecord</c> message, as the output keeps it.</summary>
    public static OtlpRecord LogRecord(byte[] message, IReadOnlyDictionary<string, object?>? resource = null, string? scope = null, string? version = null)
    {
        var f = Fields(message);
        T One<T>(int field, T otherwise) => f.TryGetValue(field, out var values) ? (T)values[^1] : otherwise;
        return new OtlpRecord(
            One(1, 0UL),
            One(11, 0UL),
            (int)One(2, 0UL),
            f.TryGetValue(3, out var text) ? ((ByteString)text[^1]).ToStringUtf8() : null,
            f.TryGetValue(5, out var body) ? AnyValue(((ByteString)body[^1]).ToByteArray()) : null,
            f.TryGetValue(6, out var attributes) ? attributes.Select(a => KeyValue(((ByteString)a).ToByteArray())).Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)).ToList() : new(),
            f.TryGetValue(9, out var trace) ? Convert.ToHexString(((ByteString)trace[^1]).ToByteArray()).ToLowerInvariant() : null,
            f.TryGetValue(10, out var span) ? Convert.ToHexString(((ByteString)span[^1]).ToByteArray()).ToLowerInvariant() : null,
            (uint)One(8, 0UL),
            resource ?? new Dictionary<string, object?>(),
            scope,
            version);
    }

    public static List<OtlpRecord> Json(byte[] request)
    {
        using var document = JsonDocument.Parse(request);
        var root = document.RootElement.TryGetProperty("data", out var data) ? data : document.RootElement; // the dashboard's API wraps it
        var records = new List<OtlpRecord>();
        foreach (var resourceLogs in Array(root, "resourceLogs"))
        {
            var resource = resourceLogs.TryGetProperty("resource", out var r) ? Array(r, "attributes").ToDictionary(a => a.GetProperty("key").GetString()!, a => JsonAnyValue(a.GetProperty("value"))) : new();
            foreach (var scopeLogs in Array(resourceLogs, "scopeLogs"))
            {
                var scope = scopeLogs.TryGetProperty("scope", out var s) ? s : default;
                foreach (var record in Array(scopeLogs, "logRecords"))
                {
                    records.Add(JsonRecord(record, resource, Text(scope, "name"), Text(scope, "version")));
                }
            }
        }

        return records;
    }

    public static OtlpRecord JsonRecord(JsonElement record, IReadOnlyDictionary<string, object?>? resource = null, string? scope = null, string? version = null) => new(
        ulong.Parse(Text(record, "timeUnixNano") ?? "0", CultureInfo.InvariantCulture),
        ulong.Parse(Text(record, "observedTimeUnixNano") ?? "0", CultureInfo.InvariantCulture),
        record.TryGetProperty("severityNumber", out var n) ? (n.ValueKind == JsonValueKind.Number ? n.GetInt32() : SeverityByName(n.GetString()!)) : 0,
        Text(record, "severityText"),
        record.TryGetProperty("body", out var body) ? JsonAnyValue(body) : null,
        Array(record, "attributes").Select(a => new KeyValuePair<string, object?>(a.GetProperty("key").GetString()!, JsonAnyValue(a.GetProperty("value")))).ToList(),
        NonEmpty(Text(record, "traceId")),
        NonEmpty(Text(record, "spanId")),
        record.TryGetProperty("flags", out var flags) ? flags.GetUInt32() : 0,
        resource ?? new Dictionary<string, object?>(),
        scope,
        version);

    private static int SeverityByName(string name) => name switch
    {
        "SEVERITY_NUMBER_TRACE" => 1, "SEVERITY_NUMBER_DEBUG" => 5, "SEVERITY_NUMBER_INFO" => 9, "SEVERITY_NUMBER_WARN" => 13,
        "SEVERITY_NUMBER_ERROR" => 17, "SEVERITY_NUMBER_FATAL" => 21, "SEVERITY_NUMBER_FATAL2" => 22, "SEVERITY_NUMBER_FATAL3" => 23, _ => 0,
    };

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text.ToLowerInvariant();

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
            : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : Enumerable.Empty<JsonElement>();

    private static object? JsonAnyValue(JsonElement value)
    {
        foreach (var member in value.EnumerateObject())
        {
            var v = member.Value;
            return member.Name switch
            {
                "stringValue" => v.GetString(),
                "boolValue" => v.GetBoolean(),
                "intValue" => v.ValueKind == JsonValueKind.String ? long.Parse(v.GetString()!, CultureInfo.InvariantCulture) : v.GetInt64(),
                "doubleValue" => v.ValueKind == JsonValueKind.String ? double.Parse(v.GetString()!, CultureInfo.InvariantCulture) : v.GetDouble(),
                "bytesValue" => v.GetBytesFromBase64(),
                "arrayValue" => Array(v, "values").Select(JsonAnyValue).ToList(),
                "kvlistValue" => Array(v, "values").ToDictionary(e => e.GetProperty("key").GetString()!, e => JsonAnyValue(e.GetProperty("value"))),
                _ => throw new InvalidOperationException("Not an AnyValue member: " + member.Name),
            };
        }

        return null;
    }

    private static (string Key, object? Value) KeyValue(byte[] message)
    {
        var f = Fields(message);
        string key = ((ByteString)f[1][^1]).ToStringUtf8();
        return (key, f.TryGetValue(2, out var value) ? AnyValue(((ByteString)value[^1]).ToByteArray()) : null);
    }

    private static object? AnyValue(byte[] message)
    {
        var f = Fields(message);
        if (f.Count == 0)
        {
            return null;
        }

        Assert.Single(f); // a oneof: exactly one member set
        var (field, values) = f.Single();
        object last = values[^1];
        return field switch
        {
            1 => ((ByteString)last).ToStringUtf8(),
            2 => (ulong)last != 0,
            3 => unchecked((long)(ulong)last),
            4 => BitConverter.UInt64BitsToDouble((ulong)last),
            5 => Repeated(((ByteString)last).ToByteArray(), 1).Select(AnyValue).ToList(),
            6 => Repeated(((ByteString)last).ToByteArray(), 1).Select(KeyValue).ToDictionary(kv => kv.Key, kv => kv.Value),
            7 => ((ByteString)last).ToByteArray(),
            _ => throw new InvalidOperationException("Not an AnyValue field: " + field),
        };
    }

    private static IEnumerable<byte[]> Repeated(byte[] message, int field) =>
        Fields(message).TryGetValue(field, out var values) ? values.Select(v => ((ByteString)v).ToByteArray()) : Enumerable.Empty<byte[]>();

    /// <summary>Every field of a message by number: varints and fixed64 as ulong, fixed32 as uint, length-delimited as ByteString.</summary>
    private static Dictionary<int, List<object>> Fields(byte[] message)
    {
        var fields = new Dictionary<int, List<object>>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            int number = WireFormat.GetTagFieldNumber(tag);
            object value = WireFormat.GetTagWireType(tag) switch
            {
                WireFormat.WireType.Varint => input.ReadUInt64(),
                WireFormat.WireType.Fixed64 => input.ReadFixed64(),
                WireFormat.WireType.Fixed32 => (ulong)input.ReadFixed32(),
                WireFormat.WireType.LengthDelimited => input.ReadBytes(),
                var other => throw new InvalidOperationException("Unexpected wire type " + other),
            };
            if (!fields.TryGetValue(number, out var list))
            {
                fields[number] = list = new List<object>();
            }

            list.Add(value);
        }

        return fields;
    }
}
