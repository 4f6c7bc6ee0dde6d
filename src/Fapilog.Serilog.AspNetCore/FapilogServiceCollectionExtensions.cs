using System;
using Fapilog.Serilog.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary><c>builder.Services.AddFapilog(...)</c>: Serilog, through a Fapilog pipeline, as the host's logger.</summary>
public static class FapilogServiceCollectionExtensions
{
    /// <summary>
    /// Sets Serilog up as the host's logger (Serilog.Extensions.Hosting's <c>AddSerilog</c>) writing through one
    /// Fapilog pipeline, starting from the <c>production</c> preset; the host owns the pipeline's shutdown.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Changes to the preset.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddFapilog(this IServiceCollection services, Action<FapilogAspNetCoreOptions>? configure = null)
        => services.AddFapilog(FapilogPresets.Production(), configure);

    /// <summary>As <see cref="AddFapilog(IServiceCollection, Action{FapilogAspNetCoreOptions}?)"/>, from the options
    /// given (e.g. <c>FapilogPresets.Dev()</c>).</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="options">The options; used as they are after <paramref name="configure"/>.</param>
    /// <param name="configure">Changes to <paramref name="options"/>.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddFapilog(this IServiceCollection services, FapilogAspNetCoreOptions options, Action<FapilogAspNetCoreOptions>? configure = null)
        => services.AddFapilogCore(options, configuration: null, configure);

    /// <summary>
    /// As <see cref="AddFapilog(IServiceCollection, Action{FapilogAspNetCoreOptions}?)"/>, read from
    /// <paramref name="configuration"/>: the <c>Fapilog</c> section picks the preset (<c>Fapilog:Preset</c>, by
    /// default <c>production</c>) and overrides its values; a <c>Serilog</c> section, when present, is applied as
    /// well (<c>ReadFrom.Configuration</c>); <paramref name="configure"/> runs last.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="configure">Changes made in code, after the configuration's.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddFapilog(this IServiceCollection services, IConfiguration configuration, Action<FapilogAspNetCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = FapilogOptionsReader.Read(configuration.GetSection("Fapilog"));
        return services.AddFapilogCore(options, configuration, configure);
    }

    private static IServiceCollection AddFapilogCore(
        this IServiceCollection services, FapilogAspNetCoreOptions options, IConfiguration? configuration, Action<FapilogAspNetCoreOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        configure?.Invoke(options);

        // One per service provider: a collection built twice (a test factory, a BuildServiceProvider() call) gets
        // two loggers and two pipelines, and each host must flush and close its own, not the one built last.
        services.AddSingleton(_ => new FapilogHostedPipeline(options));
        services.AddSingleton(options);
        services.AddSerilog(
            (provider, logger) => FapilogLoggerBuilder.Configure(
                logger, provider.GetRequiredService<FapilogHostedPipeline>(), provider, configuration ?? provider.GetService<IConfiguration>()),
            preserveStaticLogger: options.PreserveStaticLogger);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FapilogHostLifetime>());
        return services;
    }
}
