using System;
using System.Collections.Generic;
using System.Reflection;
using Serilog.Core;

namespace Fapilog.Serilog.Enrichers;

/// <summary>Builds the enrichers behind the configuration methods; the environment is injectable for tests.</summary>
internal static class FapilogEnrichers
{
    /// <summary>
    /// The enrichers for <paramref name="options"/>, in the order they run: request context first (it is the
    /// most specific), then activity and thread, then the process-wide runtime and Kubernetes facts.
    /// </summary>
    public static ILogEventEnricher[] Create(
        FapilogEnrichersOptions options,
        Func<string, string?> variables,
        Assembly? entryAssembly)
    {
        ArgumentNullException.ThrowIfNull(options);

        var enrichers = new List<ILogEventEnricher>(5);
        if (options.IncludeContext)
        {
            enrichers.Add(new FapilogContextEnricher());
        }

        if (options.IncludeActivity)
        {
            enrichers.Add(new ActivityEnricher(includeBaggage: true));
        }

        if (options.IncludeThread)
        {
            enrichers.Add(new ThreadEnricher());
        }

        if (options.IncludeRuntime)
        {
            enrichers.Add(Runtime(options.Service, options.Environment, options.Version, variables, entryAssembly));
        }

        if (options.Kubernetes is { } kubernetes && Kubernetes(kubernetes, variables) is { } kubernetesEnricher)
        {
            enrichers.Add(kubernetesEnricher);
        }

        return enrichers.ToArray();
    }

    public static FixedPropertiesEnricher Runtime(
        string? service,
        string? environment,
        string? version,
        Func<string, string?> variables,
        Assembly? entryAssembly)
        => new(RuntimeInfo.Resolve(service, environment, version, variables, entryAssembly).ToProperties());

    /// <summary>The Kubernetes enricher, or <see langword="null"/> outside Kubernetes.</summary>
    public static FixedPropertiesEnricher? Kubernetes(KubernetesOptions options, Func<string, string?> variables)
    {
        var properties = KubernetesInfo.Resolve(options, variables);
        return properties.Length == 0 ? null : new FixedPropertiesEnricher(properties);
    }
}
