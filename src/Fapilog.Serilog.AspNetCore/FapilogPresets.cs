using System;
using System.Collections.Generic;
using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>
/// Starting points for <c>AddFapilog(...)</c>: each call returns a new, plain
/// <see cref="FapilogAspNetCoreOptions"/> to inspect and change.
/// </summary>
public static class FapilogPresets
{
    /// <summary>The preset names <see cref="Create"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "dev", "production", "serverless", "hardened" };

    /// <summary>The preset of that name (case-insensitive): <c>dev</c>, <c>production</c>, <c>serverless</c> or
    /// <c>hardened</c>.</summary>
    /// <param name="name">The preset's name.</param>
    /// <param name="filePath">The log file for the presets that write one; the default is <c>logs/app.log</c>.</param>
    /// <returns>A new options object.</returns>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static FapilogAspNetCoreOptions Create(string name, string? filePath = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToUpperInvariant() switch
        {
            "DEV" or "DEVELOPMENT" => Dev(),
            "PRODUCTION" or "PROD" => Production(filePath),
            "SERVERLESS" => Serverless(),
            "HARDENED" => Hardened(filePath),
            _ => throw new ArgumentException($"Unknown Fapilog preset '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>Development: pretty console, verbose (framework noise at Information), no file, every request.</summary>
    /// <returns>A new options object.</returns>
    public static FapilogAspNetCoreOptions Dev()
    {
        var options = new FapilogAspNetCoreOptions
        {
            Preset = "dev",
            MinimumLevel = LogEventLevel.Verbose,
            Console = FapilogConsoleFormat.Pretty,
            Pipeline = new FapilogPipelineOptions { BufferingTimeLimit = TimeSpan.FromMilliseconds(50) },
        };
        options.MinimumLevelOverrides["Microsoft"] = LogEventLevel.Information;
        options.MinimumLevelOverrides["System"] = LogEventLevel.Information;
        return options;
    }

    /// <summary>
    /// Production: JSON (envelope) file and JSON console, Information and up (Microsoft.AspNetCore at Warning), the
    /// Wait policy when the queue is full, the default protected levels (ERROR, FATAL, AUDIT, SECURITY).
    /// </summary>
    /// <param name="filePath">The log file; the default is <c>logs/app.log</c>.</param>
    /// <returns>A new options object.</returns>
    public static FapilogAspNetCoreOptions Production(string? filePath = null)
    {
        var options = new FapilogAspNetCoreOptions
        {
            Preset = "production",
            MinimumLevel = LogEventLevel.Information,
            Console = FapilogConsoleFormat.Json,
            File = new FapilogFileOptions { Path = filePath ?? "logs/app.log", Format = FapilogFormat.Envelope },
            Pipeline = new FapilogPipelineOptions
            {
                FullMode = QueueFullMode.Wait,
                MaxWait = TimeSpan.FromMilliseconds(50),
                ProtectedLevels = FapilogPipelineOptions.DefaultProtectedLevels,
            },
        };
        options.MinimumLevelOverrides["Microsoft.AspNetCore"] = LogEventLevel.Warning;
        return options;
    }

    /// <summary>
    /// Serverless: JSON console only, a small queue, a flush at the end of each request (the process may be frozen
    /// right after the response), short bounds on every wait.
    /// </summary>
    /// <returns>A new options object.</returns>
    public static FapilogAspNetCoreOptions Serverless()
    {
        var options = new FapilogAspNetCoreOptions
        {
            Preset = "serverless",
            MinimumLevel = LogEventLevel.Information,
            Console = FapilogConsoleFormat.Json,
            FlushAtEndOfRequest = true,
            RequestFlushTimeout = TimeSpan.FromMilliseconds(500),
            StoppingFlushTimeout = TimeSpan.FromMilliseconds(500),
            StopTimeout = TimeSpan.FromSeconds(1),
            Pipeline = new FapilogPipelineOptions
            {
                QueueLimit = 1_000,
                BatchSizeLimit = 100,
                FullMode = QueueFullMode.Wait,
                MaxWait = TimeSpan.FromMilliseconds(20),
                ProtectedMaxWait = TimeSpan.FromMilliseconds(250),
                BufferingTimeLimit = TimeSpan.FromMilliseconds(50),
                ShutdownTimeout = TimeSpan.FromSeconds(1),
                ProcessExitTimeout = TimeSpan.FromMilliseconds(500),
            },
        };
        options.MinimumLevelOverrides["Microsoft.AspNetCore"] = LogEventLevel.Warning;
        return options;
    }

    /// <summary>
    /// Hardened: production, with everything strict: request ids are always generated (an incoming one is never
    /// trusted), no headers are ever logged, files are flushed to disk, every wait is bounded tightly.
    /// </summary>
    /// <param name="filePath">The log file; the default is <c>logs/app.log</c>.</param>
    /// <returns>A new options object.</returns>
    public static FapilogAspNetCoreOptions Hardened(string? filePath = null)
    {
        var options = Production(filePath);
        options.Preset = "hardened";
        options.File!.FlushToDisk = true;
        options.Pipeline.MaxWait = TimeSpan.FromMilliseconds(20);
        options.Pipeline.ProtectedMaxWait = TimeSpan.FromMilliseconds(500);
        options.RequestContext.AcceptIncomingRequestId = false;
        options.RequestContext.MaxIdLength = 64;
        options.RequestLogging.IncludeHeaders = false;
        options.RequestLogging.HeaderAllowlist.Clear();
        options.RequestLogging.IncludeQueryInRequestPath = false;
        options.ReadSerilogSection = false;
        options.MinimumLevelOverrides["Microsoft"] = LogEventLevel.Warning;
        return options;
    }
}
