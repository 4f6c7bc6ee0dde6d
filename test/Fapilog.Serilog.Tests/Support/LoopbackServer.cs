using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
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

/// <summary>
/// The part every loopback backend shares: Kestrel on 127.0.0.1 (a free port), the faults queued in
/// <see cref="Faults"/> applied to the next requests, one per request (a <see cref="ReceiverFault.Down"/> for as long as
/// it lasts), and a stop and a start again on the same port (a backend that is down for a while). Every other request
/// goes to the protocol the derived server stands in for: <see cref="Accept"/> reads and records it and says what to
/// answer, and this class writes the answer, so that a slow, lost or stalled answer falls after the request was taken.
/// </summary>
internal abstract class LoopbackServer : IAsyncDisposable
{
    private WebApplication? _app;
    private int _port;
    private int _requests;

    /// <summary>The server's root, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<ReceiverFault> Faults { get; } = new();

    /// <summary>The fault for requests once the queue is empty; null takes them as usual.</summary>
    public ReceiverFault? Always { get; set; }

    /// <summary>Every request whose body was read, whatever its answer.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Stops listening: connections are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(stopping.Token);
            await app.DisposeAsync();
        }
    }

    /// <summary>Listens again, on the port it had.</summary>
    public Task StartAgainAsync() => ListenAsync(_port);

    public ValueTask DisposeAsync() => new(StopAsync());

    protected static async Task<T> StartAsync<T>(T server)
        where T : LoopbackServer
    {
        await server.ListenAsync(port: 0);
        return server;
    }

    /// <summary>Takes a request no fault applies to (or one a held, slow, lost or stalled fault lets through) and says what to answer.</summary>
    protected abstract Answer Accept(HttpContext context, byte[] body);

    /// <summary>The answer to a <see cref="ReceiverFault.Status"/> without a body of its own: no body unless the protocol has error bodies.</summary>
    protected virtual Answer StatusAnswer(HttpContext context, int code) => new(code);

    private async Task ListenAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        _port = address.Port;
        BaseUrl = new Uri($"http://127.0.0.1:{_port}/");
        _app = app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var read = new MemoryStream();
        await context.Request.Body.CopyToAsync(read, context.RequestAborted);
        byte[] body = read.ToArray();
        Interlocked.Increment(ref _requests);
        switch (NextFault())
        {
            case ReceiverFault.Status status:
                if (status.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = status.RetryAfter;
                }

                await WriteAsync(context, StatusAnswer(context, status));
                return;
            case ReceiverFault.Redirect redirect:
                context.Response.StatusCode = redirect.Code;
                context.Response.Headers.Location = redirect.Location;
                return;
            case ReceiverFault.Reset or ReceiverFault.Down:
                context.Abort();
                return;
            case ReceiverFault.Hang:
                await HangAsync(context);
                return;
            case ReceiverFault.StalledBody stalled:
                await StallAsync(context, StatusAnswer(context, stalled.Code));
                return;
            case ReceiverFault.LostAnswer:
                Accept(context, body);
                context.Abort();
                return;
            case ReceiverFault.StalledAnswer:
                await StallAsync(context, Accept(context, body));
                return;
            case ReceiverFault.Held held:
                await held.Release.WaitAsync(context.RequestAborted);
                await WriteAsync(context, Accept(context, body));
                return;
            case ReceiverFault.Slow slow:
                var late = Accept(context, body);
                await Task.Delay(slow.Delay, context.RequestAborted);
                await WriteAsync(context, late);
                return;
            default:
                await WriteAsync(context, Accept(context, body));
                return;
        }
    }

    private Answer StatusAnswer(HttpContext context, ReceiverFault.Status status)
    {
        var answer = StatusAnswer(context, status.Code);
        return status switch
        {
            { Body: { } text } => answer with { Body = Encoding.UTF8.GetBytes(text) },
            { Bytes: { } bytes } => answer with { Body = bytes, ContentType = status.ContentType ?? answer.ContentType },
            _ => answer,
        };
    }

    private ReceiverFault? NextFault()
    {
        // An outage stays at the head of the queue until it is over.
        while (Faults.TryPeek(out var head) && head is ReceiverFault.Down { Back.IsCompleted: true })
        {
            Faults.TryDequeue(out _);
        }

        if (Faults.TryPeek(out var next) && next is ReceiverFault.Down)
        {
            return next;
        }

        return Faults.TryDequeue(out next) ? next : Always;
    }

    private static async Task WriteAsync(HttpContext context, Answer answer)
    {
        context.Response.StatusCode = answer.Status;
        if (answer.Body is { } bytes)
        {
            context.Response.ContentType = answer.ContentType;
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }

    private static async Task StallAsync(HttpContext context, Answer answer)
    {
        // A body promised by its length, half of it sent: the client waits for the rest.
        byte[] bytes = answer.Body ?? "{}"u8.ToArray();
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await HangAsync(context);
    }

    private static async Task HangAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up.
        }
    }

    /// <summary>A response: its status and, if any, its body.</summary>
    protected readonly record struct Answer(int Status, byte[]? Body = null, string ContentType = "application/json");
}
