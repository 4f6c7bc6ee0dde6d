using System;
using System.Collections.Generic;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>
/// How the completion event of each request is logged, on top of Serilog.AspNetCore's request logging
/// middleware: skip paths, sampling, levels by status and opt-in headers.
/// </summary>
public sealed class FapilogRequestLoggingOptions
{
    /// <summary>The default <see cref="RedactedHeaders"/>.</summary>
    public static IReadOnlyList<string> DefaultRedactedHeaders { get; } = new[]
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "X-Auth-Token", "X-Csrf-Token",
        "X-Xsrf-Token", "X-Amz-Security-Token",
    };

    /// <summary>Whether request logging is on. The default is <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The completion event's message template.</summary>
    public string MessageTemplate { get; set; } =
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms";

    /// <summary>Paths whose successful requests are not logged, matched exactly (case-insensitive), e.g.
    /// <c>/health</c> (and not <c>/health/db</c>).</summary>
    public ISet<string> SkipPaths { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Path prefixes whose successful requests are not logged, matched on whole segments
    /// (case-insensitive): <c>/metrics</c> skips <c>/metrics</c> and <c>/metrics/x</c>, not <c>/metricsx</c>.</summary>
    public ISet<string> SkipPathPrefixes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The share of successful requests logged, 0 to 1. Failures (status 400 and up, or an exception) and
    /// slow requests are always logged. The default is 1.</summary>
    public double SuccessSampleRate { get; set; } = 1.0;

    /// <summary>A request taking at least this long is slow: logged at <see cref="SlowLevel"/>, never sampled or
    /// skipped. <see langword="null"/> (the default) turns this off.</summary>
    public TimeSpan? SlowRequestThreshold { get; set; }

    /// <summary>The level of a successful request. The default is <see cref="LogEventLevel.Information"/>.</summary>
    public LogEventLevel SuccessLevel { get; set; } = LogEventLevel.Information;

    /// <summary>The level of a slow successful request. The default is <see cref="LogEventLevel.Warning"/>.</summary>
    public LogEventLevel SlowLevel { get; set; } = LogEventLevel.Warning;

    /// <summary>The level of a 4xx answer. The default is <see cref="LogEventLevel.Warning"/>.</summary>
    public LogEventLevel ClientErrorLevel { get; set; } = LogEventLevel.Warning;

    /// <summary>The level of a 5xx answer or an exception. The default is <see cref="LogEventLevel.Error"/>.</summary>
    public LogEventLevel ServerErrorLevel { get; set; } = LogEventLevel.Error;

    /// <summary>Whether request headers are added (<c>RequestHeaders</c>). The default is <see langword="false"/>;
    /// a non-empty <see cref="HeaderAllowlist"/> turns them on as well.</summary>
    public bool IncludeHeaders { get; set; }

    /// <summary>When not empty, only these request headers are added (and adding one turns headers on).</summary>
    public ISet<string> HeaderAllowlist { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Headers whose value is replaced by <see cref="RedactedValue"/>, also when allowlisted.</summary>
    public ISet<string> RedactedHeaders { get; } = new HashSet<string>(DefaultRedactedHeaders, StringComparer.OrdinalIgnoreCase);

    /// <summary>What a redacted header shows. The default is <c>***</c>.</summary>
    public string RedactedValue { get; set; } = "***";

    /// <summary>Whether the path in the event carries the query string (Serilog.AspNetCore's option). The default
    /// is <see langword="false"/>.</summary>
    public bool IncludeQueryInRequestPath { get; set; }

    /// <summary>Where a sampling decision comes from: a number in [0, 1). Tests replace it.</summary>
    public Func<double> Sampler { get; set; } = static () => Random.Shared.NextDouble();
}
