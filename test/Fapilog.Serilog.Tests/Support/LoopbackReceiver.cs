using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A generic HTTP backend on loopback (<see cref="LoopbackHost"/>) that takes POSTed batches with 200, records what it
/// accepted with its headers, and applies the faults queued in <see cref="Faults"/> to the next requests, one per request.
/// </summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly object _sync = new();
    private readonly List<Request> _accepted = new();
    private LoopbackHost _host = null!;

    private LoopbackReceiver()
    {
    }

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<ReceiverFault> Faults => _host.Faults;

    /// <summary>The fault for requests once the queue is empty; null accepts them.</summary>
    public ReceiverFault? Always
    {
        get => _host.Always;
        set => _host.Always = value;
    }

    /// <summary>The body of the 200 that accepts a request (a protocol's answer); null answers with none.</summary>
    public Func<Request, (byte[] Body, string ContentType)?>? Reply { get; set; }

    /// <summary>Released once per accepted request.</summary>
    public SemaphoreSlim AcceptedOne { get; } = new(0);

    public int Requests => _host.Requests;

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
    public static async Task<LoopbackReceiver> StartAsync(string path = "/logs")
    {
        var receiver = new LoopbackReceiver();
        receiver._host = await LoopbackHost.StartAsync(receiver.AcceptAsync, receiver.AnswerAsync);
        receiver.Url = new Uri(receiver._host.BaseUrl, path);
        return receiver;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private Task AcceptAsync(HttpContext context, byte[] body)
    {
        Record(context, body);
        return Task.CompletedTask;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        Request? last;
        lock (_sync)
        {
            last = _accepted.Count > 0 ? _accepted[^1] : null;
        }

        if (last is not null && Reply?.Invoke(last) is { } reply)
        {
            context.Response.ContentType = reply.ContentType;
            await context.Response.Body.WriteAsync(reply.Body);
        }
    }

    private void Record(HttpContext context, byte[] body)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        lock (_sync)
        {
            _accepted.Add(new Request(body, headers, context.Request.Path.Value ?? string.Empty));
        }

        AcceptedOne.Release();
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
