using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A loopback Elasticsearch that implements the <c>_bulk</c> API as its reference documents it, as far as a log shipper
/// uses it: <c>POST|PUT /_bulk</c> and <c>/{target}/_bulk</c>; NDJSON pairs of an action line (<c>create</c> or
/// <c>index</c>, <c>_index</c>, <c>_id</c>) and a source line, the body ending in a newline; <c>?pipeline=</c>;
/// <c>Content-Encoding: gzip</c>; a 200 with <c>took</c>, <c>errors</c> and one item per action in request order. Data
/// streams (names matching <see cref="DataStreamPatterns"/>, like the built-in <c>logs-*-*</c> template) take only
/// <c>create</c> and need a date in <c>@timestamp</c>; a <c>create</c> of an id already there is a 409. Whole-request
/// errors come in the <c>{"error":{"root_cause":[…],"type","reason"},"status"}</c> shape. Faults: the base class's per
/// request, and <see cref="ItemFaults"/> per item.
/// </summary>
/// <remarks><c>update</c> and <c>delete</c> actions, which a log shipper does not send, are refused as malformed.</remarks>
internal sealed partial class LoopbackElasticsearch : LoopbackServer
{
    private readonly object _sync = new();
    private readonly List<StoredDocument> _documents = new();
    private readonly Dictionary<(string Index, string Id), int> _byId = new();
    private readonly Dictionary<string, string> _backingIndices = new();
    private readonly List<BulkRequest> _bulks = new();
    private long _seqNo;

    public Uri Url => BaseUrl;

    /// <summary>Which names are data streams (the index templates with a <c>data_stream</c>); <c>*</c> matches any run.</summary>
    public List<string> DataStreamPatterns { get; } = new() { "logs-*-*" };

    /// <summary>The ingest pipelines that exist.</summary>
    public HashSet<string> Pipelines { get; } = new();

    /// <summary>The <c>Authorization</c> value every request must carry; null lets any request in.</summary>
    public string? RequiredAuthorization { get; set; }

    /// <summary><c>http.max_content_length</c>: a larger body is answered 413.</summary>
    public int MaxContentLength { get; set; } = 100 * 1024 * 1024;

    /// <summary>For each next bulk request: the status to refuse the item at a position with (429, 503, 400, 500).</summary>
    public ConcurrentQueue<IReadOnlyDictionary<int, int>> ItemFaults { get; } = new();

    public IReadOnlyList<StoredDocument> Documents => Locked(() => _documents.ToArray());

    /// <summary>Every bulk request that reached the bulk handler.</summary>
    public IReadOnlyList<BulkRequest> Bulks => Locked(() => _bulks.ToArray());

    /// <summary>The <c>N</c> of every stored document, in the order stored (the envelope's <c>log.data.N</c>, or CLEF's <c>N</c>).</summary>
    public IReadOnlyList<int> Numbers => Documents.Select(d => d.Number).ToList();

    public static Task<LoopbackElasticsearch> StartAsync() => StartAsync(new LoopbackElasticsearch());

    protected override Answer Accept(HttpContext context, byte[] body)
    {
        var request = context.Request;
        string path = request.Path.Value ?? "/";
        string[] segments = path.Trim('/').Split('/');
        if (segments[^1] != "_bulk" || segments.Length > 2)
        {
            return Error(400, "illegal_argument_exception", $"no handler found for uri [{path}] and method [{request.Method}]");
        }

        if (request.Method is not ("POST" or "PUT"))
        {
            return Json(405, $$"""{"error":"Incorrect HTTP method for uri [{{path}}] and method [{{request.Method}}], allowed: [POST, PUT]","status":405}""");
        }

        if (RequiredAuthorization is { } required && request.Headers.Authorization.ToString() != required)
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey";
            return Error(401, "security_exception", $"missing authentication credentials for REST request [{path}]");
        }

        string contentType = request.ContentType ?? string.Empty;
        if (!contentType.StartsWith("application/x-ndjson", StringComparison.Ordinal) && !contentType.StartsWith("application/json", StringComparison.Ordinal))
        {
            return Json(406, $$"""{"error":"Content-Type header [{{contentType}}] is not supported","status":406}""");
        }

        if (body.Length > MaxContentLength)
        {
            return new Answer(413);
        }

        if (request.Headers.ContentEncoding.ToString() == "gzip")
        {
            using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            body = plain.ToArray();
        }

        var bulk = new BulkRequest(path, request.QueryString.Value ?? string.Empty, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), Encoding.UTF8.GetString(body));
        lock (_sync)
        {
            _bulks.Add(bulk);
        }

        return Bulk(bulk.Text, segments.Length == 2 ? segments[0] : null, request.Query["pipeline"].FirstOrDefault());
    }

    protected override Answer StatusAnswer(HttpContext context, int code) => code switch
    {
        429 => Error(429, "es_rejected_execution_exception", "rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1024, max_coordinating_and_primary_bytes=1024]"),
        503 => Error(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/2/no master];"),
        400 => Error(400, "illegal_argument_exception", "request [/_bulk] contains unrecognized parameter: [fault]"),
        401 => Error(401, "security_exception", "unable to authenticate with provided credentials and anonymous access is not allowed for this request"),
        403 => Error(403, "security_exception", "action [indices:data/write/bulk] is unauthorized for API key id [fault]"),
        >= 500 and < 600 when code != 502 && code != 504 => Error(code, "exception", "internal error"),
        _ => new Answer(code), // 413 from the HTTP layer, 502 and 504 from a proxy: no Elasticsearch body
    };

    private Answer Bulk(string text, string? pathTarget, string? pipeline)
    {
        if (text.Length == 0)
        {
            return Error(400, "parse_exception", "request body is required");
        }

        if (text[^1] != '\n')
        {
            return Error(400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]");
        }

        string[] lines = text[..^1].Split('\n');
        var actions = new List<(string Op, string? Index, string? Id, string? Source)>();
        for (int line = 0; line < lines.Length; line += 2)
        {
            JsonElement action;
            try
            {
                using var parsed = JsonDocument.Parse(lines[line]);
                action = parsed.RootElement.Clone();
            }
            catch (JsonException)
            {
                return Error(400, "x_content_parse_exception", $"[1:1] Malformed action/metadata line [{line + 1}], expected START_OBJECT");
            }

            var op = action.ValueKind == JsonValueKind.Object ? action.EnumerateObject().FirstOrDefault() : default;
            if (op.Name is not ("create" or "index") || op.Value.ValueKind != JsonValueKind.Object)
            {
                return Error(400, "illegal_argument_exception", $"Malformed action/metadata line [{line + 1}], expected field [create], [delete], [index] or [update] but found [{op.Name}]");
            }

            string? index = op.Value.TryGetProperty("_index", out var i) ? i.GetString() : pathTarget;
            string? id = op.Value.TryGetProperty("_id", out var d) ? d.GetString() : null;
            actions.Add((op.Name, index, id, line + 1 < lines.Length ? lines[line + 1] : null));
        }

        if (actions.FirstOrDefault(a => a.Index is null || a.Source is null) is { Op: not null } invalid)
        {
            return Error(400, "action_request_validation_exception", "Validation Failed: 1: " + (invalid.Index is null ? "index is missing;" : "source is missing;"));
        }

        var faults = ItemFaults.TryDequeue(out var next) ? next : new Dictionary<int, int>();
        var items = new List<Item>();
        lock (_sync)
        {
            for (int k = 0; k < actions.Count; k++)
            {
                var (op, index, id, source) = actions[k];
                items.Add(faults.TryGetValue(k, out int status) ? Item.Failed(op, index!, id, status, TypeFor(status), ReasonFor(status, index!)) : Store(op, index!, id, source!, pipeline));
            }
        }

        return Json(200, Response(items));
    }

    // Runs under _sync: one item, as a shard would apply it.
    private Item Store(string op, string target, string? id, string source, string? pipeline)
    {
        bool dataStream = DataStreamPatterns.Any(p => Matches(p, target));
        string index = dataStream ? BackingIndex(target) : target;
        if (dataStream && op != "create")
        {
            return Item.Failed(op, target, id, 400, "illegal_argument_exception", "only write ops with an op_type of create are allowed in data streams");
        }

        if (pipeline is not null && !Pipelines.Contains(pipeline))
        {
            return Item.Failed(op, index, id, 400, "illegal_argument_exception", $"pipeline with id [{pipeline}] does not exist");
        }

        JsonElement document;
        try
        {
            using var parsed = JsonDocument.Parse(source);
            document = parsed.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Item.Failed(op, index, id, 400, "document_parsing_exception", "[1:1] failed to parse: " + ex.Message);
        }

        if (dataStream && (!document.TryGetProperty("@timestamp", out var timestamp) || !DateTimeOffset.TryParse(timestamp.GetString(), out _)))
        {
            return Item.Failed(op, index, id, 400, "document_parsing_exception", "[1:1] failed to parse: data stream timestamp field [@timestamp] is missing");
        }

        id ??= Convert.ToBase64String(Guid.NewGuid().ToByteArray())[..20].Replace('/', '_').Replace('+', '-');
        bool exists = _byId.TryGetValue((index, id), out int at);
        if (exists && op == "create")
        {
            return Item.Failed(op, index, id, 409, "version_conflict_engine_exception", $"[{id}]: version conflict, document already exists (current version [{_documents[at].Version}])");
        }

        var stored = new StoredDocument(target, index, id, op, pipeline, document, exists ? _documents[at].Version + 1 : 1);
        if (exists)
        {
            _documents[at] = stored;
        }
        else
        {
            _byId[(index, id)] = _documents.Count;
            _documents.Add(stored);
        }

        return new Item(op, index, id, exists ? 200 : 201, exists ? "updated" : "created", stored.Version, _seqNo++, null, null);
    }

    private string BackingIndex(string dataStream) =>
        _backingIndices.TryGetValue(dataStream, out var backing) ? backing : _backingIndices[dataStream] = $".ds-{dataStream}-{DateTime.UtcNow:yyyy.MM.dd}-000001";

    private static bool Matches(string pattern, string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^" + string.Join(".*", pattern.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$");

    /// <summary>One document as stored: its target (a data stream or index), the concrete index, its id and source.</summary>
    internal sealed record StoredDocument(string Target, string Index, string Id, string Operation, string? Pipeline, JsonElement Source, long Version)
    {
        public int Number => (Source.TryGetProperty("N", out var n) ? n : Source.GetProperty("log").GetProperty("data").GetProperty("N")).GetInt32();
    }

    /// <summary>One bulk request as received (after decompression).</summary>
    internal sealed record BulkRequest(string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Text);
}
