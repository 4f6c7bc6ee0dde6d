using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>The loopback Elasticsearch's answers: the bulk response and its items, and the error bodies.</summary>
internal sealed partial class LoopbackElasticsearch
{
    private static string TypeFor(int status) => status switch
    {
        429 => "es_rejected_execution_exception",
        503 => "unavailable_shards_exception",
        409 => "version_conflict_engine_exception",
        400 => "document_parsing_exception",
        _ => "exception",
    };

    private static string ReasonFor(int status, string index) => status switch
    {
        429 => "rejected execution of primary operation [shard_detail=[" + index + "][0][node]] on EsThreadPoolExecutor[name = node/write, queue capacity = 10000]",
        503 => "[" + index + "][0] primary shard is not active Timeout: [1m]",
        400 => "[1:1] failed to parse field [log.data.N] of type [long] in document",
        _ => "internal error",
    };

    private static byte[] Response(List<Item> items)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("took", 3);
            w.WriteBoolean("errors", items.Any(i => i.Status >= 300));
            w.WriteStartArray("items");
            foreach (var item in items)
            {
                item.Write(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static Answer Error(int status, string type, string reason) =>
        Json(status, JsonSerializer.Serialize(new { error = new { root_cause = new[] { new { type, reason } }, type, reason }, status }));

    private static Answer Json(int status, string json) => new(status, Encoding.UTF8.GetBytes(json));

    private static Answer Json(int status, byte[] json) => new(status, json);

    private T Locked<T>(Func<T> read)
    {
        lock (_sync)
        {
            return read();
        }
    }

    private sealed record Item(string Op, string Index, string? Id, int Status, string? Result, long Version, long SeqNo, string? ErrorType, string? ErrorReason)
    {
        public static Item Failed(string op, string index, string? id, int status, string type, string reason) => new(op, index, id, status, null, 0, 0, type, reason);

        public void Write(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteStartObject(Op);
            w.WriteString("_index", Index);
            w.WriteString("_id", Id);
            if (ErrorType is null)
            {
                w.WriteNumber("_version", Version);
                w.WriteString("result", Result);
                w.WriteStartObject("_shards");
                w.WriteNumber("total", 2);
                w.WriteNumber("successful", 1);
                w.WriteNumber("failed", 0);
                w.WriteEndObject();
                w.WriteNumber("_seq_no", SeqNo);
                w.WriteNumber("_primary_term", 1);
            }

            w.WriteNumber("status", Status);
            if (ErrorType is not null)
            {
                w.WritePropertyName("error");
                w.WriteStartObject();
                w.WriteString("type", ErrorType);
                w.WriteString("reason", ErrorReason);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
