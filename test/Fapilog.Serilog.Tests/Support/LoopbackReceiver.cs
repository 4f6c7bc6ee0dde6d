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

    public Uri Url => new(BaseUrl, "/logs");

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

    public static Task<LoopbackReceiver> StartAsync() => StartAsync(new LoopbackReceiver());

    protected override Answer Accept(HttpContext context, byte[] body)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        lock (_sync)
        {
            _accepted.Add(new Request(body, headers));
        }

        AcceptedOne.Release();
        return new Answer(200);
    }

    /// <summary>One accepted request: the exact body bytes and the headers.</summary>
    internal sealed record Request(byte[] Body, IReadOnlyDictionary<string, string> Headers)
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
