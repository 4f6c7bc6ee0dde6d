using System;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers;

/// <summary>
/// Adds properties whose values never change during the process (runtime and Kubernetes information). The
/// properties are built once, so enrichment allocates nothing.
/// </summary>
internal sealed class FixedPropertiesEnricher : ILogEventEnricher
{
    private readonly LogEventProperty[] _properties;

    public FixedPropertiesEnricher(LogEventProperty[] properties)
        => _properties = properties ?? throw new ArgumentNullException(nameof(properties));

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var property in _properties)
        {
            logEvent.AddPropertyIfAbsent(property);
        }
    }
}
