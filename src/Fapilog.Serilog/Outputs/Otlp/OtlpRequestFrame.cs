using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Outputs.Remote;

namespace Fapilog.Serilog.Outputs.Otlp;

/// <summary>
/// Wraps a batch's records in the request OTLP expects: <c>ExportLogsServiceRequest { resource_logs: [ResourceLogs {
/// resource, scope_logs: [ScopeLogs { scope, log_records: [...] }] }] }</c>. The resource and the scope are encoded
/// once, here; only the lengths that depend on the records are computed per batch.
/// </summary>
internal sealed class OtlpRequestFrame
{
    // Field 1 and field 2 with the length-delimited wire type, the only tags the frame needs.
    private const byte Field1 = (1 << 3) | ProtoWriter.WireLength;
    private const byte Field2 = (2 << 3) | ProtoWriter.WireLength;

    private readonly byte[] _resourceField; // ResourceLogs.resource (field 1), tag and length included
    private readonly byte[] _scopeField; // ScopeLogs.scope (field 1), tag and length included
    private readonly byte[] _jsonPrefix;
    private static readonly byte[] JsonSuffix = "]}]}]}"u8.ToArray();

    public OtlpRequestFrame(IReadOnlyList<KeyValuePair<string, string>> resource, string scopeName, string scopeVersion)
    {
        var w = new ProtoWriter();
        int r = w.BeginMessage(1);
        foreach (var attribute in resource)
        {
            int kv = w.BeginMessage(1);
            w.StringField(1, attribute.Key);
            int v = w.BeginMessage(2);
            w.StringField(1, attribute.Value);
            w.EndMessage(v);
            w.EndMessage(kv);
        }

        w.EndMessage(r);
        _resourceField = w.Written.ToArray();

        w.Clear();
        int s = w.BeginMessage(1);
        w.StringField(1, scopeName);
        w.StringField(2, scopeVersion);
        w.EndMessage(s);
        _scopeField = w.Written.ToArray();

        _jsonPrefix = JsonPrefix(resource, scopeName, scopeVersion);
    }

    /// <summary>The protobuf request for the batch's <c>LogRecord</c> messages.</summary>
    public void BuildProtobuf(DeliveryBatch batch, RequestBody body)
    {
        long scopeLogs = _scopeField.Length;
        for (int i = 0; i < batch.Count; i++)
        {
            int length = batch[i].Length;
            scopeLogs += 1 + ProtoWriter.VarintSize((ulong)length) + length;
        }

        long resourceLogs = _resourceField.Length + 1 + ProtoWriter.VarintSize((ulong)scopeLogs) + scopeLogs;
        body.Start();
        Span<byte> head = stackalloc byte[11];
        Tagged(body, head, Field1, resourceLogs);
        body.Append(_resourceField);
        Tagged(body, head, Field2, scopeLogs);
        body.Append(_scopeField);
        for (int i = 0; i < batch.Count; i++)
        {
            var record = batch[i];
            Tagged(body, head, Field2, record.Length);
            body.Append(record);
        }

        body.Finish(batch);
    }

    /// <summary>The JSON request for the batch's <c>LogRecord</c> objects.</summary>
    public void BuildJson(DeliveryBatch batch, RequestBody body)
    {
        body.Start();
        body.Append(_jsonPrefix);
        for (int i = 0; i < batch.Count; i++)
        {
            if (i > 0)
            {
                body.Append(","u8);
            }

            body.Append(batch[i]);
        }

        body.Append(JsonSuffix);
        body.Finish(batch);
    }

    private static void Tagged(RequestBody body, Span<byte> scratch, byte tag, long length)
    {
        scratch[0] = tag;
        int size = ProtoWriter.WriteVarint(scratch[1..], (ulong)length);
        body.Append(scratch[..(1 + size)]);
    }

    private static byte[] JsonPrefix(IReadOnlyList<KeyValuePair<string, string>> resource, string scopeName, string scopeVersion)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("resourceLogs");
            json.WriteStartObject();
            json.WriteStartObject("resource");
            json.WriteStartArray("attributes");
            foreach (var attribute in resource)
            {
                json.WriteStartObject();
                json.WriteString("key", attribute.Key);
                json.WriteStartObject("value");
                json.WriteString("stringValue", attribute.Value);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartArray("scopeLogs");
            json.WriteStartObject();
            json.WriteStartObject("scope");
            json.WriteString("name", scopeName);
            json.WriteString("version", scopeVersion);
            json.WriteEndObject();

            // Left open: the records go here, then the suffix closes logRecords, the scope logs, the resource logs and the request.
            json.WriteStartArray("logRecords");
            json.Flush();
        }

        return stream.ToArray();
    }
}
