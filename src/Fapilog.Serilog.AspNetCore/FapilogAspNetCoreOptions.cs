using System;
using System.Collections.Generic;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>
/// Everything <c>AddFapilog(...)</c> sets up, as one plain object: start from a preset
/// (<see cref="FapilogPresets"/>), read or print it, change what you need.
/// </summary>
public sealed class FapilogAspNetCoreOptions
{
    /// <summary>The preset this object started from (informational: <c>dev</c>, <c>production</c>, …).</summary>
    public string Preset { get; set; } = "custom";

    /// <summary>The logger's minimum level. The default is <see cref="LogEventLevel.Information"/>.</summary>
    public LogEventLevel MinimumLevel { get; set; } = LogEventLevel.Information;

    /// <summary>Minimum levels by source-context prefix (e.g. <c>Microsoft.AspNetCore</c>).</summary>
    public IDictionary<string, LogEventLevel> MinimumLevelOverrides { get; } = new Dictionary<string, LogEventLevel>(StringComparer.Ordinal);

    /// <summary>The console output's format, or <see langword="null"/> for no console output.</summary>
    public FapilogConsoleFormat? Console { get; set; } = FapilogConsoleFormat.Auto;

    /// <summary>The JSON layout of the console when it writes JSON. The default is the envelope.</summary>
    public FapilogFormat ConsoleJsonFormat { get; set; } = FapilogFormat.Envelope;

    /// <summary>The file output, or <see langword="null"/> for none.</summary>
    public FapilogFileOptions? File { get; set; }

    /// <summary>The pipeline's own options (queue, full mode, protected levels, bounds).</summary>
    public FapilogPipelineOptions Pipeline { get; set; } = new();

    /// <summary>The caller-thread enrichers; <see langword="null"/> adds only the bound context (which the request
    /// context needs).</summary>
    public FapilogEnrichersOptions? Enrichers { get; set; } = new();

    /// <summary>Whether each request waits, at its end, until everything it logged is written (serverless hosts
    /// that freeze the process between requests). The default is <see langword="false"/>.</summary>
    public bool FlushAtEndOfRequest { get; set; }

    /// <summary>The bound of the end-of-request flush. The default is 1 second.</summary>
    public TimeSpan RequestFlushTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The bound of the flush run when the host signals <c>ApplicationStopping</c>. The default is 2 seconds.</summary>
    public TimeSpan StoppingFlushTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The bound of the close run once the host has stopped. The default is 5 seconds.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether to leave <see cref="Log.Logger"/> alone (Serilog.Extensions.Hosting's <c>preserveStaticLogger</c>).
    /// The default, <see langword="false"/>, sets it to the host's logger, and reloads a bootstrap logger.
    /// </summary>
    public bool PreserveStaticLogger { get; set; }

    /// <summary>Whether to apply <c>ReadFrom.Configuration</c> as well when the configuration has a <c>Serilog</c>
    /// section (more sinks, enrichers, level overrides). The default is <see langword="true"/>.</summary>
    public bool ReadSerilogSection { get; set; } = true;

    /// <summary>The request context middleware's options.</summary>
    public FapilogRequestContextOptions RequestContext { get; set; } = new();

    /// <summary>The request logging's options.</summary>
    public FapilogRequestLoggingOptions RequestLogging { get; set; } = new();

    /// <summary>More outputs inside the Fapilog pipeline (e.g. <c>w =&gt; w.FapilogSeq(...)</c>).</summary>
    public Action<LoggerSinkConfiguration>? Outputs { get; set; }

    /// <summary>Anything else on the logger configuration, run last.</summary>
    public Action<IServiceProvider, LoggerConfiguration>? ConfigureLogger { get; set; }
}
