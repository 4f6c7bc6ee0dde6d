using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>What the receiver does with one request.</summary>
internal abstract record ReceiverFault
{
    /// <summary>Answers <paramref name="Code"/>, with a body when one is given (an OTLP <c>Status</c>, say).</summary>
    public sealed record Status(int Code, string? RetryAfter = null, byte[]? Body = null, string? ContentType = null) : ReceiverFault;

    /// <summary>Answers with a redirect to <paramref name="Location"/>.</summary>
    public sealed record Redirect(int Code, string Location) : ReceiverFault;

    /// <summary>Aborts the connection after reading the request: the client sees a reset.</summary>
    public sealed record Reset : ReceiverFault;

    /// <summary>Never answers (until the client gives up).</summary>
    public sealed record Hang : ReceiverFault;

    /// <summary>Holds the request until <paramref name="Release"/> completes, then takes the batch.</summary>
    public sealed record Held(Task Release) : ReceiverFault;

    /// <summary>Takes the batch, but answers late.</summary>
    public sealed record Slow(TimeSpan Delay) : ReceiverFault;
}

/// <summary>
/// A Kestrel server on 127.0.0.1 (a free port) that takes POSTed batches, records what it accepted with its headers,
/// and applies the faults queued in <see cref="Faults"/> to the next requests, one fault per request.
/// </summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _sync = new();
    private readonly List<Request> _accepted = new();
    private int _requests;

    private LoopbackReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<ReceiverFault> Faults { get; } = new();

    /// <summary>The fault for requests once the queue is empty; null accepts them.</summary>
    public ReceiverFault? Always { get; set; }

    /// <summary>The body of the 200 that accepts a request (a protocol's answer); null answers with none.</summary>
    public Func<Request, (byte[] Body, string ContentType)?>? Reply { get; set; }

    /// <summary>Released once per accepted request.</summary>
    public SemaphoreSlim AcceptedOne { get; } = new(0);

    public int Requests => Volatile.Read(ref _requests);

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new LoopbackReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(new Uri(address), path);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        Interlocked.Increment(ref _requests);
        var fault = Faults.TryDequeue(out var next) ? next : Always;
        switch (fault)
        {
            case ReceiverFault.Status status:
                context.Response.StatusCode = status.Code;
                if (status.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = status.RetryAfter;
                }

                if (status.Body is not null)
                {
                    context.Response.ContentType = status.ContentType;
                    await context.Response.Body.WriteAsync(status.Body);
                }

                return;
            case ReceiverFault.Redirect redirect:
                context.Response.StatusCode = redirect.Code;
                context.Response.Headers.Location = redirect.Location;
                return;
            case ReceiverFault.Reset:
                context.Abort();
                return;
            case ReceiverFault.Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up.
                }

                return;
            case ReceiverFault.Held held:
                await held.Release.WaitAsync(context.RequestAborted);
                await AcceptAsync(context, body.ToArray());
                return;
            case ReceiverFault.Slow slow:
                var request = Record(context, body.ToArray());
                await Task.Delay(slow.Delay, context.RequestAborted);
                await ReplyAsync(context, request);
                return;
            default:
                await AcceptAsync(context, body.ToArray());
                return;
        }
    }

    private Task AcceptAsync(HttpContext context, byte[] body) => ReplyAsync(context, Record(context, body));

    private async Task ReplyAsync(HttpContext context, Request request)
    {
        context.Response.StatusCode = 200;
        if (Reply?.Invoke(request) is { } reply)
        {
            context.Response.ContentType = reply.ContentType;
            await context.Response.Body.WriteAsync(reply.Body);
        }
    }

    private Request Record(HttpContext context, byte[] body)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new Request(body, headers, context.Request.Path.Value ?? string.Empty);
        lock (_sync)
        {
            _accepted.Add(request);
        }

        AcceptedOne.Release();
        return request;
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
