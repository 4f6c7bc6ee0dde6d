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

/// <summary>What a loopback server does with one request instead of answering it normally.</summary>
internal abstract record ReceiverFault
{
    /// <summary>Answers with <paramref name="Code"/> (and the server's error body for it, if it has one).</summary>
    public sealed record Status(int Code, string? RetryAfter = null) : ReceiverFault;

    /// <summary>Answers with a redirect to <paramref name="Location"/>.</summary>
    public sealed record Redirect(int Code, string Location) : ReceiverFault;

    /// <summary>Aborts the connection after reading the request: the client sees a reset.</summary>
    public sealed record Reset : ReceiverFault;

    /// <summary>Never answers (until the client gives up).</summary>
    public sealed record Hang : ReceiverFault;

    /// <summary>Holds the request until <paramref name="Release"/> completes, then takes it.</summary>
    public sealed record Held(Task Release) : ReceiverFault;

    /// <summary>Takes the request, but answers late.</summary>
    public sealed record Slow(TimeSpan Delay) : ReceiverFault;

    /// <summary>Takes the request, then aborts the connection: the client never learns that it arrived.</summary>
    public sealed record LostAnswer : ReceiverFault;

    /// <summary>Takes the request, sends the answer's headers and half its body, then never the rest.</summary>
    public sealed record StalledAnswer : ReceiverFault;

    /// <summary>Resets every request until <paramref name="Back"/> completes: one fault for a whole outage.</summary>
    public sealed record Down(Task Back) : ReceiverFault;
}

/// <summary>
/// A Kestrel server on 127.0.0.1 (a free port) that applies the faults queued in <see cref="Faults"/> to the next
/// requests, one fault per request (a <see cref="ReceiverFault.Down"/> for as long as it lasts), and hands every other
/// request to the protocol it stands in for (<see cref="Accept"/>).
/// </summary>
internal abstract class LoopbackServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private int _requests;

    /// <summary>The server's root, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<ReceiverFault> Faults { get; } = new();

    /// <summary>The fault for requests once the queue is empty; null takes them.</summary>
    public ReceiverFault? Always { get; set; }

    /// <summary>Every request that arrived, faults included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    protected static async Task<T> StartAsync<T>(T server)
        where T : LoopbackServer
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return server;
    }

    /// <summary>Takes a request no fault applies to (or one a held or slow fault lets through) and says what to answer.</summary>
    protected abstract Answer Accept(HttpContext context, byte[] body);

    /// <summary>The body of a <see cref="ReceiverFault.Status"/> answer: none unless the protocol has error bodies.</summary>
    protected virtual Answer StatusAnswer(HttpContext context, int code) => new(code);

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

                await WriteAsync(context, StatusAnswer(context, status.Code));
                return;
            case ReceiverFault.Redirect redirect:
                context.Response.StatusCode = redirect.Code;
                context.Response.Headers.Location = redirect.Location;
                return;
            case ReceiverFault.Reset or ReceiverFault.Down:
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
                var answer = Accept(context, body);
                await Task.Delay(slow.Delay, context.RequestAborted);
                await WriteAsync(context, answer);
                return;
            default:
                await WriteAsync(context, Accept(context, body));
                return;
        }
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
        byte[] bytes = answer.Body ?? "{}"u8.ToArray();
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
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
