using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
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

/// <summary>What a loopback server does with one request instead of (or around) its normal answer.</summary>
internal abstract record ReceiverFault
{
    /// <summary>
    /// Answers with <paramref name="Code"/>, its <c>Retry-After</c>, and a body when given: JSON text, or
    /// <paramref name="Bytes"/> of <paramref name="ContentType"/> (an OTLP <c>Status</c> message, say).
    /// </summary>
    public sealed record Status(int Code, string? RetryAfter = null, string? Body = null, byte[]? Bytes = null, string? ContentType = null) : ReceiverFault;

    /// <summary>Answers with a redirect to <paramref name="Location"/>.</summary>
    public sealed record Redirect(int Code, string Location) : ReceiverFault;

    /// <summary>Aborts the connection after reading the request: the client sees a reset.</summary>
    public sealed record Reset : ReceiverFault;

    /// <summary>Never answers (until the client gives up).</summary>
    public sealed record Hang : ReceiverFault;

    /// <summary>Answers <paramref name="Code"/> and starts a JSON body that never ends (until the client gives up).</summary>
    public sealed record StalledBody(int Code) : ReceiverFault;

    /// <summary>Holds the request until <paramref name="Release"/> completes, then handles it as usual.</summary>
    public sealed record Held(Task Release) : ReceiverFault;

    /// <summary>Takes the request as usual, but answers late.</summary>
    public sealed record Slow(TimeSpan Delay) : ReceiverFault;
}

/// <summary>
/// The part every loopback backend shares: Kestrel on 127.0.0.1 (a free port), the faults queued in
/// <see cref="Faults"/> applied to the next requests one per request, and a stop and a start again on the same port
/// (a backend that is down for a while). The backend itself takes a request in two steps: <c>accept</c> reads and
/// records it and decides the answer, <c>answer</c> writes that answer, so that a slow fault falls between them.
/// </summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    private readonly Func<HttpContext, byte[], Task> _accept;
    private readonly Func<HttpContext, Task> _answer;
    private WebApplication? _app;
    private int _port;
    private int _requests;

    private LoopbackHost(Func<HttpContext, byte[], Task> accept, Func<HttpContext, Task> answer)
    {
        _accept = accept;
        _answer = answer;
    }

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<ReceiverFault> Faults { get; } = new();

    /// <summary>The fault for requests once the queue is empty; null handles them as usual.</summary>
    public ReceiverFault? Always { get; set; }

    /// <summary>Every request whose body was read, whatever its answer.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<LoopbackHost> StartAsync(Func<HttpContext, byte[], Task> accept, Func<HttpContext, Task> answer)
    {
        var host = new LoopbackHost(accept, answer);
        await host.ListenAsync(port: 0);
        return host;
    }

    /// <summary>Stops listening: connections are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(stopping.Token);
            await app.DisposeAsync();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public Task StartAgainAsync() => ListenAsync(_port);

    public ValueTask DisposeAsync() => new(StopAsync());

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

    private static async Task Hang(HttpContext context)
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
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(status.Body);
                }
                else if (status.Bytes is not null)
                {
                    context.Response.ContentType = status.ContentType;
                    await context.Response.Body.WriteAsync(status.Bytes);
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
                await Hang(context);
                return;
            case ReceiverFault.StalledBody stalled:
                context.Response.StatusCode = stalled.Code;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"Error\":\"", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Hang(context);
                return;
            case ReceiverFault.Held held:
                await held.Release.WaitAsync(context.RequestAborted);
                await _accept(context, body.ToArray());
                await _answer(context);
                return;
            case ReceiverFault.Slow slow:
                await _accept(context, body.ToArray());
                await Task.Delay(slow.Delay, context.RequestAborted);
                await _answer(context);
                return;
            default:
                await _accept(context, body.ToArray());
                await _answer(context);
                return;
        }
    }
}
