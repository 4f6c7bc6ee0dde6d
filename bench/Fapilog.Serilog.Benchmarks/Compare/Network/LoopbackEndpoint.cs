using System;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
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

namespace Fapilog.Serilog.Benchmarks.Compare.Network;

/// <summary>
/// The network comparison's receiver, in a child process of its own (mode <c>net-endpoint</c>): Kestrel on 127.0.0.1,
/// a free port, printed as the first line of its output. It takes Seq's ingestion (<c>POST /ingest/clef</c>, and the
/// older <c>/api/events/raw</c>: newline-delimited CLEF, each line one event, answered <c>201</c> with
/// <c>{"MinimumLevelAccepted":null}</c>) and OTLP/HTTP protobuf logs (<c>POST /v1/logs</c>: the log records of the
/// <c>ExportLogsServiceRequest</c> are counted, answered <c>200</c> with an empty <c>ExportLogsServiceResponse</c>).
/// Both contenders of a protocol meet this same code.
/// </summary>
/// <remarks>
/// <para>A child process, not the benchmark's own: its allocations, collections and CPU are then not the measured
/// process's, so "allocation per event" is the logging library's alone. It still shares the machine's two cores with
/// the contender, as an in-process receiver would; its CPU time per run is reported beside the contender's.</para>
/// <para>Control: <c>POST /bench/reset?expected=N</c> zeroes the counts before a run (and answers the process's CPU milliseconds so far); <c>GET /bench/stats?waitMs=T</c>
/// waits (up to T ms) until N events were counted and answers <c>events bytes requests reachedAt cpuMs gzip</c>:
/// the request body bytes as they came over the wire (compressed, if they were), and the <see cref="Stopwatch"/>
/// timestamp at which the N-th event was counted (the monotonic clock, the same in both processes on Linux).</para>
/// </remarks>
internal static class LoopbackEndpoint
{
    private static readonly byte[] SeqAnswer = "{\"MinimumLevelAccepted\":null}"u8.ToArray();
    private static readonly ManualResetEventSlim Reached = new(false);
    private static long s_events, s_bytes, s_requests, s_gzip, s_expected = long.MaxValue, s_reachedAt, s_malformed;

    public static int Run()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxRequestBodySize = 256L * 1024 * 1024;
        });
        var app = builder.Build();
        app.MapPost("/ingest/clef", IngestClef);
        app.MapPost("/api/events/raw", IngestClef);
        app.MapPost("/v1/logs", IngestOtlp);
        app.MapPost("/bench/reset", Reset);
        app.MapGet("/bench/stats", Stats);
        app.StartAsync().GetAwaiter().GetResult();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Console.WriteLine("port " + address.Port.ToString(CultureInfo.InvariantCulture));
        Console.Out.Flush();

        // The parent ends us by closing our standard input (or by killing us, if it dies).
        Console.In.ReadToEnd();
        app.StopAsync().GetAwaiter().GetResult();
        return 0;
    }

    private static async Task IngestClef(HttpContext context)
    {
        var (body, length, wire) = await ReadBodyAsync(context);
        try
        {
            // One event per line; the last line may lack its newline.
            var span = body.AsSpan(0, length);
            long events = span.Count((byte)'\n') + (length > 0 && span[^1] != (byte)'\n' ? 1 : 0);
            Count(events, wire);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(SeqAnswer);
    }

    private static async Task IngestOtlp(HttpContext context)
    {
        var (body, length, wire) = await ReadBodyAsync(context);
        try
        {
            long records = OtlpLogCounter.Count(body.AsSpan(0, length));
            if (records < 0)
            {
                Interlocked.Increment(ref s_malformed);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            Count(records, wire);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.ContentLength = 0; // an empty ExportLogsServiceResponse: no partial_success
    }

    private static void Count(long events, long wireBytes)
    {
        Interlocked.Add(ref s_bytes, wireBytes);
        Interlocked.Increment(ref s_requests);
        long total = Interlocked.Add(ref s_events, events);
        long expected = Volatile.Read(ref s_expected);
        if (total >= expected && total - events < expected)
        {
            Volatile.Write(ref s_reachedAt, Stopwatch.GetTimestamp());
            Reached.Set();
        }
    }

    /// <summary>The request body in a pooled array (decompressed when gzipped), its length, and its size on the wire.</summary>
    private static async Task<(byte[] Body, int Length, long Wire)> ReadBodyAsync(HttpContext context)
    {
        var raw = await ReadAllAsync(context.Request.Body, (int)(context.Request.ContentLength ?? 64 * 1024));
        if (!string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            return (raw.Body, raw.Length, raw.Length);
        }

        Interlocked.Increment(ref s_gzip);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw.Body, 0, raw.Length), CompressionMode.Decompress);
            var plain = await ReadAllAsync(gzip, raw.Length * 8);
            return (plain.Body, plain.Length, raw.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw.Body);
        }
    }

    private static async Task<(byte[] Body, int Length)> ReadAllAsync(Stream stream, int sizeHint)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(4096, sizeHint + 1));
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            int read = await stream.ReadAsync(buffer.AsMemory(length));
            if (read == 0)
            {
                return (buffer, length);
            }

            length += read;
        }
    }

    private static IResult Reset(long expected)
    {
        Reached.Reset();
        Volatile.Write(ref s_expected, expected);
        Volatile.Write(ref s_events, 0);
        Volatile.Write(ref s_bytes, 0);
        Volatile.Write(ref s_requests, 0);
        Volatile.Write(ref s_gzip, 0);
        Volatile.Write(ref s_malformed, 0);
        Volatile.Write(ref s_reachedAt, 0);
        return Results.Text(Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture));
    }

    private static async Task<IResult> Stats(int waitMs)
    {
        await Task.Run(() => Reached.Wait(waitMs));
        double cpuMs = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        string answer = string.Join(' ', new object[]
        {
            Volatile.Read(ref s_events), Volatile.Read(ref s_bytes), Volatile.Read(ref s_requests), Volatile.Read(ref s_reachedAt),
            cpuMs, Volatile.Read(ref s_gzip), Volatile.Read(ref s_malformed),
        }.Select(o => Convert.ToString(o, CultureInfo.InvariantCulture)));
        return Results.Text(answer);
    }
}
