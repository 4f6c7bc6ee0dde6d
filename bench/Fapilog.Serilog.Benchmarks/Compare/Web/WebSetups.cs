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
/// The three logging setups of <c>compare-web</c>, each as services to add before the app is built and middleware to
/// add after (before the API's routes): (n) no logging, (f) Fapilog.Serilog.AspNetCore, (s) Serilog.AspNetCore with
/// Serilog.Sinks.Async around Serilog.Sinks.File. (f) and (s) log at Information with <c>Microsoft.AspNetCore</c> at
/// Warning (the production preset's levels), one completion event per request with the route template, client IP and
/// user agent, and the five API lines, as one JSON object per line to one file with no size limit.
/// </summary>
internal static class WebSetups
{
    public const string Letters = "nfs";

    /// <summary>The async sink's buffer, as in the file comparison: Serilog.Sinks.Async's default size, blocking when full.</summary>
    public const int AsyncBufferSize = 10_000;

    public static string Label(char setup) => setup switch
    {
        'n' => "no logging (logging providers cleared)",
        'f' => "Fapilog: AddFapilog (production preset; console off, envelope file, MaxWait infinite) + UseFapilog",
        's' => "Serilog.AspNetCore UseSerilogRequestLogging + Serilog.Sinks.Async + Serilog.Sinks.File (JsonFormatter)",
        _ => throw new ArgumentException($"unknown setup '{setup}'; expected one of {Letters}"),
    };

    public static void AddServices(char setup, WebApplicationBuilder builder, string logDirectory)
    {
        string path = Path.Combine(logDirectory, "app.log");
        switch (setup)
        {
            case 'n':
                break;
            case 'f':
                builder.Services.AddFapilog(o =>
                {
                    o.Console = null;
                    o.File = new FapilogFileOptions { Path = path, Format = FapilogFormat.Envelope, FileSizeLimitBytes = null };
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
                Log.Logger = new LoggerConfiguration()
                    .MinimumLevel.Information()
                    .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                    .Enrich.FromLogContext()
                    .WriteTo.Async(
                        a => a.File(new JsonFormatter(renderMessage: true), path, buffered: true, fileSizeLimitBytes: null),
                        bufferSize: AsyncBufferSize,
                        blockWhenFull: true)
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
                app.UseFapilog();
                break;
            case 's':
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
        if (setup == 'f' && app.Services.GetRequiredService<FapilogHostedPipeline>().Pipeline is { } pipeline)
        {
            var stats = pipeline.GetStats();
            return string.Create(CultureInfo.InvariantCulture, $"received {stats.Received} written {stats.Written} dropped {stats.Dropped} failed {stats.Failed}");
        }

        return string.Empty;
    }

    /// <summary>After the host is disposed: (s) closes its static logger (the async sink drains, the file is flushed).</summary>
    public static void Close(char setup)
    {
        if (setup == 's')
        {
            Log.CloseAndFlush();
        }
    }
}
