using System;
using System.Globalization;
using System.IO;
using System.Threading;
using Fapilog.Serilog.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Fapilog.Serilog.Benchmarks.Compare.Web;

/// <summary>
/// The logging setups of <c>compare-web</c>, each as services to add before the app is built and middleware to
/// add after (before the API's routes): (n) no logging, (f) Fapilog.Serilog.AspNetCore, (s) Serilog.AspNetCore with
/// Serilog.Sinks.Async around Serilog.Sinks.File. (f) and (s) log at Information with <c>Microsoft.AspNetCore</c> at
/// Warning (the production preset's levels), one completion event per request with the route template, client IP and
/// user agent, and the five API lines, as one JSON object per line to one file with no size limit.
/// Two diagnostic setups split the cost: (z) is (s) with a null sink in place of the async file sink, Serilog's own
/// front end behind <c>ILogger</c> and its request logging, the ceiling no Serilog sink can pass; (g) is (f) with a
/// null output in place of the file, Fapilog's front end and pipeline (context, queue, writer, redaction) without the
/// formatting and the file; (y) is (s) with the null sink inside Serilog.Sinks.Async, the same hand-off to a background
/// thread without formatting or file, the Serilog counterpart of (g).
/// </summary>
internal static class WebSetups
{
    public const string Letters = "nzygfs";

    /// <summary>The async sink's buffer, as in the file comparison: Serilog.Sinks.Async's default size, blocking when full.</summary>
    public const int AsyncBufferSize = 10_000;

    public static string Label(char setup) => setup switch
    {
        'n' => "no logging (logging providers cleared)",
        'f' => "Fapilog: AddFapilog (production preset; console off, envelope file, MaxWait infinite) + UseFapilog",
        's' => "Serilog.AspNetCore UseSerilogRequestLogging + Serilog.Sinks.Async + Serilog.Sinks.File (JsonFormatter)",
        'z' => "diagnostic: (s) with a null sink in place of Async + File (Serilog's front end: the ceiling of any Serilog sink)",
        'g' => "diagnostic: (f) with a null output in place of the file (Fapilog's front end and pipeline, no formatting, no file)",
        'y' => "diagnostic: (s) with the null sink inside Serilog.Sinks.Async in place of the file (Serilog's hand-off to a background thread, no formatting, no file)",
        _ => throw new ArgumentException($"unknown setup '{setup}'; expected one of {Letters}"),
    };

    /// <summary>The null sink of (z) or (g), else <see langword="null"/>.</summary>
    public static WebNullSink? NullSink { get; private set; }

    public static void AddServices(char setup, WebApplicationBuilder builder, string logDirectory)
    {
        string path = Path.Combine(logDirectory, "app.log");
        NullSink = setup is 'z' or 'g' or 'y' ? new WebNullSink() : null;
        switch (setup)
        {
            case 'n':
                break;
            case 'f':
            case 'g':
                builder.Services.AddFapilog(o =>
                {
                    o.Console = null;
                    if (NullSink is { } nullSink)
                    {
                        o.File = null; // the preset's own file (logs/app.log) too
                        o.Outputs = w => w.Sink(nullSink);
                    }
                    else
                    {
                        o.File = new FapilogFileOptions { Path = path, Format = FapilogFormat.Envelope, FileSizeLimitBytes = null };
                    }

                    // Only the bound request context (request id, user, tenant): no service/host/runtime properties,
                    // which the Serilog setup does not add either.
                    o.Enrichers = null;
                    o.Pipeline.Name = "web";
                    // Wait for room without a bound, as (s) blocks when its buffer is full: neither may lose a line.
                    // The preset's 50 ms bound drops instead of stalling a request longer.
                    o.Pipeline.MaxWait = Timeout.InfiniteTimeSpan;
                });
                break;
            case 's':
            case 'z':
            case 'y':
                var serilog = new LoggerConfiguration()
                    .MinimumLevel.Information()
                    .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                    .Enrich.FromLogContext();
                Log.Logger = (NullSink is { } sink
                    ? setup == 'y' ? serilog.WriteTo.Async(a => a.Sink(sink), bufferSize: AsyncBufferSize, blockWhenFull: true) : serilog.WriteTo.Sink(sink)
                    : serilog.WriteTo.Async(
                        a => a.File(new JsonFormatter(renderMessage: true), path, buffered: true, fileSizeLimitBytes: null),
                        bufferSize: AsyncBufferSize,
                        blockWhenFull: true))
                    .CreateLogger();
                builder.Services.AddSerilog();
                break;
            default:
                throw new ArgumentException(Label(setup));
        }
    }

    public static void UseMiddleware(char setup, WebApplication app)
    {
        switch (setup)
        {
            case 'f':
            case 'g':
                app.UseFapilog();
                break;
            case 's':
            case 'z':
            case 'y':
                app.UseSerilogRequestLogging(o => o.EnrichDiagnosticContext = (diagnostics, context) =>
                {
                    // What UseFapilog's completion event carries beyond Serilog.AspNetCore's own properties.
                    if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template })
                    {
                        diagnostics.Set("RouteTemplate", template);
                    }

                    diagnostics.Set("RequestId", context.TraceIdentifier);
                    if (context.Connection.RemoteIpAddress is { } ip)
                    {
                        diagnostics.Set("ClientIp", ip.ToString());
                    }

                    string? agent = context.Request.Headers.UserAgent;
                    if (!string.IsNullOrEmpty(agent))
                    {
                        diagnostics.Set("UserAgent", agent);
                    }
                });
                break;
            default:
                break;
        }
    }

    /// <summary>After the host has stopped, before it is disposed: the pipeline's counts for (f), else empty.</summary>
    public static string Stats(char setup, WebApplication app)
    {
        if (setup is 'f' or 'g' && app.Services.GetRequiredService<FapilogHostedPipeline>().Pipeline is { } pipeline)
        {
            var stats = pipeline.GetStats();
            return string.Create(CultureInfo.InvariantCulture, $"received {stats.Received} written {stats.Written} dropped {stats.Dropped} failed {stats.Failed} batches {stats.Batches} waits {pipeline.Sink.Room.WaitsStarted}");
        }

        return string.Empty;
    }

    /// <summary>After the host is disposed: (s) and (z) close their static logger (the async sink drains, the file is flushed).</summary>
    public static void Close(char setup)
    {
        if (setup is 's' or 'z' or 'y')
        {
            Log.CloseAndFlush();
        }
    }
}
