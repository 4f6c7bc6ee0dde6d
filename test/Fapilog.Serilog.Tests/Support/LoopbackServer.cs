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

/// <summary>
/// A Kestrel server on 127.0.0.1 (a free port) that applies the faults queued in <see cref="Faults"/> to the next
/// requests, one fault per request, and hands every request it takes to the protocol of the derived server. It can go
/// down (connections refused) and come back on the same port.
/// </summary>
internal abstract class LoopbackServer : IAsyncDisposable
{
    private WebApplication? _app;
    private int _port;
    private int _requests;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<ReceiverFault> Faults { get; } = new();

    /// <summary>The fault for requests once the queue is empty; null takes them.</summary>
    public ReceiverFault? Always { get; set; }

    /// <summary>Requests that reached the server, whatever it did with them.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Stops listening: connections are refused until <see cref="ComeBackAsync"/>.</summary>
    public async Task GoDownAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(stopping.Token);
            await app.DisposeAsync();
        }
    }

    /// <summary>Listens again, on the port it had.</summary>
    public Task ComeBackAsync() => ListenAsync(_port);

    public virtual async ValueTask DisposeAsync() => await GoDownAsync();

    /// <summary>Takes one request's body; returns the status and the text body of the answer (null for none).</summary>
    protected abstract (int Status, string? Body) Accept(HttpContext context, byte[] body);

    protected async Task ListenAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        _port = address.Port;
        BaseUrl = address;
        _app = app;
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

                await AnswerAsync(context, (status.Code, status.Body));
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
                await AnswerAsync(context, Accept(context, body.ToArray()));
                return;
            case ReceiverFault.Slow slow:
                var answer = Accept(context, body.ToArray());
                await Task.Delay(slow.Delay, context.RequestAborted);
                await AnswerAsync(context, answer);
                return;
            default:
                await AnswerAsync(context, Accept(context, body.ToArray()));
                return;
        }
    }

    private static async Task AnswerAsync(HttpContext context, (int Status, string? Body) answer)
    {
        context.Response.StatusCode = answer.Status;
        if (answer.Body is not null)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
        }
    }
}
