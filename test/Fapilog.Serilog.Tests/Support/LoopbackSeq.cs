using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// Seq's HTTP ingestion API on loopback, as its public documentation and clients describe it: <c>POST /ingest/clef</c>
/// with newline-delimited CLEF (<c>application/vnd.serilog.clef</c>; <c>application/json</c> for a single event), the
/// API key in <c>X-Seq-ApiKey</c> or <c>?apiKey=</c>, <c>201 Created</c> with <c>{"MinimumLevelAccepted":null}</c>, and
/// refusals as <c>{"Error": "..."}</c>: 400 for a payload it cannot read (a line that is not a JSON object, no
/// <c>@t</c> timestamp, a non-string <c>@l</c> or <c>@x</c>, an event over the event body limit), 401 for a missing or
/// unknown key when one is required, 403 for a key without permission to ingest, 413 over the raw payload limit. A
/// payload is taken whole or not at all. Faults (<see cref="LoopbackServer.Faults"/>) and being down (<see cref="LoopbackServer.StopAsync"/>) come
/// from <see cref="LoopbackServer"/>.
/// </summary>
/// <remarks>
/// Like Seq, it does not decompress request bodies: a gzipped payload fails as unreadable (400), unless
/// <see cref="DecompressesGzip"/> stands for a proxy in front that does. The 401/403 split is our reading of Seq's
/// behaviour (the public docs say only that a required key must be given), and so is the 400 for a content type
/// other than the two documented ones.
/// </remarks>
internal sealed class LoopbackSeq : LoopbackServer
{
    private readonly object _sync = new();
    private readonly List<Payload> _received = new();

    private LoopbackSeq()
    {
    }

    /// <summary>The server's base address (<c>http://127.0.0.1:{port}/</c>); ingestion is under it.</summary>
    public Uri Url => BaseUrl;

    /// <summary>When set, a request without this key (or with another) is refused with 401, as with "require an API key".</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>A key Seq knows but that may not ingest: 403.</summary>
    public string? KeyWithoutIngest { get; set; }

    /// <summary>Seq's raw payload limit: 10 MiB by default.</summary>
    public long PayloadLimitBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Seq's event body limit: 256 KiB by default.</summary>
    public int EventBodyLimitBytes { get; set; } = 256 * 1024;

    /// <summary>A decompressing proxy in front of Seq: a <c>Content-Encoding: gzip</c> body is inflated first.</summary>
    public bool DecompressesGzip { get; set; }

    /// <summary>Released once per payload taken.</summary>
    public SemaphoreSlim TookOne { get; } = new(0);

    /// <summary>Every payload taken, in order.</summary>
    public IReadOnlyList<Payload> Payloads
    {
        get
        {
            lock (_sync)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>Every event line taken, in arrival order, as the bytes came (UTF-8, without the line break).</summary>
    public IReadOnlyList<string> Lines => Payloads.SelectMany(r => r.Lines).ToList();

    /// <summary>The <c>N</c> property of every event taken, in arrival order.</summary>
    public IReadOnlyList<int> Numbers => Lines.Select(line => { using var d = JsonDocument.Parse(line); return d.RootElement.GetProperty("N").GetInt32(); }).ToList();

    public static Task<LoopbackSeq> StartAsync() => StartAsync(new LoopbackSeq());

    protected override Answer Accept(HttpContext context, byte[] body)
    {
        var (status, json) = Ingest(context.Request, body);
        return new Answer(status, Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8");
    }

    private (int Status, string Body) Ingest(HttpRequest request, byte[] body)
    {
        if (!HttpMethods.IsPost(request.Method) || !string.Equals(request.Path.Value?.TrimEnd('/'), "/ingest/clef", StringComparison.OrdinalIgnoreCase))
        {
            return Error(404, "Not found.");
        }

        string? key = request.Headers["X-Seq-ApiKey"].FirstOrDefault() ?? request.Query["apiKey"].FirstOrDefault();
        if (key is not null && key == KeyWithoutIngest)
        {
            return Error(403, "The API key does not have permission to ingest events.");
        }

        if (RequiredApiKey is not null && key != RequiredApiKey)
        {
            return Error(401, "A valid API key is required to write events to this server.");
        }

        if (body.LongLength > PayloadLimitBytes)
        {
            return Error(413, $"The payload of {body.LongLength} bytes is over the raw payload limit of {PayloadLimitBytes} bytes.");
        }

        if (DecompressesGzip && request.Headers.ContentEncoding.ToString() == "gzip")
        {
            using var inflated = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress))
            {
                gzip.CopyTo(inflated);
            }

            body = inflated.ToArray();
        }

        string mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.MediaType.Value ?? string.Empty : string.Empty;
        bool single = mediaType == "application/json";
        if (!single && mediaType != "application/vnd.serilog.clef")
        {
            return Error(400, $"The content type '{request.ContentType}' is not accepted; send application/vnd.serilog.clef.");
        }

        var lines = new List<string>();
        string text = new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(body);
        foreach (string line in text.Split('\n'))
        {
            string trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (Encoding.UTF8.GetByteCount(trimmed) > EventBodyLimitBytes)
            {
                return Error(400, $"Event {lines.Count + 1} is over the event body limit of {EventBodyLimitBytes} bytes; the payload was rejected.");
            }

            if (Problem(trimmed) is { } problem)
            {
                return Error(400, $"Invalid data on line {lines.Count + 1}: {problem}.");
            }

            lines.Add(trimmed);
        }

        if (single && lines.Count != 1)
        {
            return Error(400, "An application/json payload carries exactly one event.");
        }

        lock (_sync)
        {
            _received.Add(new Payload(lines, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        }

        TookOne.Release();
        return (201, "{\"MinimumLevelAccepted\":null}");
    }

    /// <summary>What Seq would find wrong with one CLEF line, or null.</summary>
    private static string? Problem(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var e = document.RootElement;
            if (e.ValueKind != JsonValueKind.Object)
            {
                return "an event is a JSON object";
            }

            if (!e.TryGetProperty("@t", out var t) || t.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
            {
                return "the @t timestamp is missing or is not an ISO 8601 date";
            }

            foreach (string name in new[] { "@l", "@x", "@m", "@mt" })
            {
                if (e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.String)
                {
                    return $"{name} must be a string";
                }
            }

            return null;
        }
        catch (JsonException ex)
        {
            return "the line is not JSON (" + ex.Message.Split('.')[0] + ")";
        }
    }

    private static (int, string) Error(int status, string message) => (status, JsonSerializer.Serialize(new { Error = message }));

    /// <summary>One payload Seq took: its event lines and the request's headers.</summary>
    internal sealed record Payload(IReadOnlyList<string> Lines, IReadOnlyDictionary<string, string> Headers);
}
