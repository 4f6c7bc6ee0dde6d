using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A loopback server that takes POSTed batches and records what it accepted with its headers (faults as
/// <see cref="LoopbackServer"/> applies them).
/// </summary>
internal sealed class LoopbackReceiver : LoopbackServer
{
    private readonly object _sync = new();
    private readonly List<Request> _accepted = new();

    private string _path = "/logs";

    public Uri Url => new(BaseUrl, _path);

    /// <summary>The body of the 200 that accepts a request (a protocol's answer); null answers with none.</summary>
    public Func<Request, (byte[] Body, string ContentType)?>? Reply { get; set; }

    /// <summary>Released once per accepted request.</summary>
    public SemaphoreSlim AcceptedOne { get; } = new(0);

    public IReadOnlyList<Request> Accepted
    {
        get
        {
            lock (_sync)
            {
                return _accepted.ToArray();
            }
        }
    }

    /// <summary>The <c>N</c> of every event accepted, in arrival order (NDJSON or JSON-array bodies of CLEF events).</summary>
    public IReadOnlyList<int> Numbers => Accepted.SelectMany(r => r.Events()).Select(e => e.GetProperty("N").GetInt32()).ToList();

    /// <param name="path">The path of <see cref="Url"/> (every path is served alike).</param>
    public static Task<LoopbackReceiver> StartAsync(string path = "/logs") => StartAsync(new LoopbackReceiver { _path = path });

    protected override Answer Accept(HttpContext context, byte[] body)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new Request(body, headers, context.Request.Path.Value ?? string.Empty);
        lock (_sync)
        {
            _accepted.Add(request);
        }

        AcceptedOne.Release();
        return Reply?.Invoke(request) is { } reply ? new Answer(200, reply.Body, reply.ContentType) : new Answer(200);
    }

    /// <summary>One accepted request: the exact body bytes, the headers and the path.</summary>
    internal sealed record Request(byte[] Body, IReadOnlyDictionary<string, string> Headers, string Path = "")
    {
        public string Text => Encoding.UTF8.GetString(Body);

        public IEnumerable<JsonElement> Events()
        {
            if (Headers["Content-Type"].StartsWith("application/json", StringComparison.Ordinal))
            {
                using var array = JsonDocument.Parse(Body);
                return array.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
            }

            return Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        }
    }
}
