using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>
/// fapilog's request-logging rules as settings of Serilog.AspNetCore's <see cref="RequestLoggingOptions"/>: the level
/// callback decides the level, the skips and the sampling; the enrich callback adds route, client and headers.
/// </summary>
internal static class RequestLogging
{
    /// <summary>
    /// A level below <see cref="LogEventLevel.Verbose"/>: no logger is enabled for it, so Serilog.AspNetCore's
    /// middleware writes no event (it asks the logger first) — how a skip or a sampled-out request is dropped.
    /// </summary>
    internal const LogEventLevel Skip = (LogEventLevel)(-1);

    /// <summary>Set on <see cref="HttpContext.Items"/> once the request's completion event is written.</summary>
    private const string LoggedKey = "Fapilog.RequestLogged";

    public static void Configure(RequestLoggingOptions target, FapilogRequestLoggingOptions options, ILogger logger)
    {
        target.Logger = logger;
        target.MessageTemplate = options.MessageTemplate;
        target.IncludeQueryInRequestPath = options.IncludeQueryInRequestPath;
        target.GetLevel = (context, elapsedMs, exception) => Once(context, Level(options, context, elapsedMs, exception));
        target.EnrichDiagnosticContext = (diagnostics, context) => Enrich(options, diagnostics, context);
    }

    internal static LogEventLevel Level(FapilogRequestLoggingOptions options, HttpContext context, double elapsedMs, Exception? exception)
    {
        int status = context.Response.StatusCode;
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (nginx's 499): not a server failure, though Serilog.AspNetCore reports 500.
            return options.ClientErrorLevel;
        }

        if (exception is not null || status >= 500)
        {
            return options.ServerErrorLevel;
        }

        if (status >= 400)
        {
            return options.ClientErrorLevel;
        }

        if (options.SlowRequestThreshold is { } slow && elapsedMs >= slow.TotalMilliseconds)
        {
            return options.SlowLevel;
        }

        if (IsSkipped(options, context.Request.Path))
        {
            return Skip;
        }

        double rate = options.SuccessSampleRate;
        if (rate < 1.0 && (rate <= 0.0 || options.Sampler() >= rate))
        {
            return Skip;
        }

        return options.SuccessLevel;
    }

    /// <summary>
    /// One completion event per request: when the pipeline runs again for the same request (an exception handler
    /// re-executing it), the first event — the one with the exception — is the request's, the re-run's is skipped.
    /// </summary>
    internal static LogEventLevel Once(HttpContext context, LogEventLevel level)
    {
        if (level == Skip)
        {
            return Skip;
        }

        if (context.Items.ContainsKey(LoggedKey))
        {
            return Skip;
        }

        context.Items[LoggedKey] = true;
        return level;
    }

    internal static bool IsSkipped(FapilogRequestLoggingOptions options, PathString path)
    {
        string value = path.HasValue ? path.Value! : "/";
        if (options.SkipPaths.Count > 0)
        {
            // One trailing slash does not matter (routing treats "/health/" as "/health"), on either side.
            string trimmed = value.Length > 1 ? value.TrimEnd('/') : value;
            if (options.SkipPaths.Contains(value) || options.SkipPaths.Contains(trimmed) || options.SkipPaths.Contains(trimmed + "/"))
            {
                return true;
            }
        }

        foreach (var prefix in options.SkipPathPrefixes)
        {
            // Whole segments: "/metrics" matches "/metrics" and "/metrics/...", never "/metricsx".
            if (path.StartsWithSegments(prefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void Enrich(FapilogRequestLoggingOptions options, IDiagnosticContext diagnostics, HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template })
        {
            diagnostics.Set("RouteTemplate", template);
        }

        if (context.Items[RequestContextMiddleware.ItemKey] is string requestId)
        {
            diagnostics.Set(FapilogProperties.RequestId, requestId);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            diagnostics.Set("RequestAborted", true);
        }

        if (context.Connection.RemoteIpAddress is { } ip)
        {
            diagnostics.Set("ClientIp", ip.ToString());
        }

        string? agent = context.Request.Headers.UserAgent;
        if (!string.IsNullOrEmpty(agent))
        {
            diagnostics.Set("UserAgent", agent);
        }

        if (options.IncludeHeaders || options.HeaderAllowlist.Count > 0)
        {
            diagnostics.Set("RequestHeaders", Headers(options, context.Request.Headers));
        }
    }

    internal static Dictionary<string, string> Headers(FapilogRequestLoggingOptions options, IHeaderDictionary headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            if (options.HeaderAllowlist.Count > 0 && !options.HeaderAllowlist.Contains(header.Key))
            {
                continue;
            }

            result[header.Key] = options.RedactedHeaders.Contains(header.Key) ? options.RedactedValue : header.Value.ToString();
        }

        return result;
    }
}
