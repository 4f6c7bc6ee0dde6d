using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers;

/// <summary>
/// Adds the values bound with <see cref="FapilogContext"/> in the logging flow. It must run on the caller
/// thread (Serilog's enrichment step), where the flow's binding is visible.
/// </summary>
internal sealed class FapilogContextEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var binding = FapilogContext.Current;
        if (binding is null)
        {
            return;
        }

        // The properties were built when bound; adding them allocates nothing here.
        foreach (var property in binding.Properties)
        {
            logEvent.AddPropertyIfAbsent(property);
        }
    }
}
