using System;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace Fapilog.Serilog.AspNetCore;

/// <summary>Turns <see cref="FapilogAspNetCoreOptions"/> into a logger configuration with one Fapilog pipeline.</summary>
internal static class FapilogLoggerBuilder
{
    public static void Configure(LoggerConfiguration logger, FapilogHostedPipeline hosted, IServiceProvider services, IConfiguration? configuration)
    {
        var options = hosted.Options;
        logger.MinimumLevel.Is(options.MinimumLevel);
        foreach (var pair in options.MinimumLevelOverrides)
        {
            logger.MinimumLevel.Override(pair.Key, pair.Value);
        }

        if (options.Enrichers is { } enrichers)
        {
            logger.Enrich.WithFapilog(enrichers);
            if (!enrichers.IncludeContext)
            {
                logger.Enrich.WithFapilogContext(); // the request context needs it
            }
        }
        else
        {
            logger.Enrich.WithFapilogContext();
        }

        logger.Enrich.FromLogContext();
        logger.Enrich.With(new RequestIdEnricher());
        if (options.ReadSerilogSection && configuration is not null && configuration.GetSection("Serilog").Exists())
        {
            SerilogSection.Apply(logger, configuration);
        }

        logger.WriteTo.Fapilog(
            outputs =>
            {
                if (options.Console is { } console)
                {
                    outputs.FapilogConsole(console, options.ConsoleJsonFormat);
                }

                if (options.File is { } file)
                {
                    outputs.FapilogFile(file);
                }

                options.Outputs?.Invoke(outputs);
            },
            options.Pipeline,
            out var pipeline);
        hosted.Set(pipeline);
        options.ConfigureLogger?.Invoke(services, logger);
    }
}
