using System.Collections.Generic;
using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers;

/// <summary>
/// Adds what Serilog 3.1 does not capture from <see cref="Activity.Current"/>: the parent span id
/// (<see cref="FapilogProperties.ParentSpanId"/>, lower-case hex, when the activity has a W3C parent) and the
/// W3C baggage items as one dictionary property named <see cref="BaggagePropertyName"/>.
/// </summary>
/// <remarks>
/// Baggage goes into one dictionary rather than one property per item because baggage keys are arbitrary
/// strings chosen by other services: kept apart, they cannot collide with (or be overridden by) the
/// application's own property names, and they land together under <c>log.data.Baggage</c>.
/// </remarks>
internal sealed class ActivityEnricher : ILogEventEnricher
{
    public const string BaggagePropertyName = "Baggage";

    // The parent span id of an activity never changes, so its property is built once and kept on the
    // activity itself; it goes away with the activity.
    private const string ParentSpanIdCacheKey = "Fapilog.Serilog.ParentSpanId";

    private readonly bool _includeBaggage;

    public ActivityEnricher(bool includeBaggage) => _includeBaggage = includeBaggage;

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        var activity = Activity.Current;
        if (activity is null)
        {
            return;
        }

        if (activity.ParentSpanId != default)
        {
            if (activity.GetCustomProperty(ParentSpanIdCacheKey) is not LogEventProperty parent)
            {
                parent = new LogEventProperty(FapilogProperties.ParentSpanId, new ScalarValue(activity.ParentSpanId.ToHexString()));
                activity.SetCustomProperty(ParentSpanIdCacheKey, parent);
            }

            logEvent.AddPropertyIfAbsent(parent);
        }

        if (_includeBaggage)
        {
            AddBaggage(logEvent, activity);
        }
    }

    private static void AddBaggage(LogEvent logEvent, Activity activity)
    {
        // Baggage can change during an activity's life, so it is read per event; an activity without
        // baggage (the common case) enumerates a shared empty sequence and allocates nothing.
        List<KeyValuePair<ScalarValue, LogEventPropertyValue>>? items = null;
        HashSet<string>? seen = null;
        foreach (var item in activity.Baggage)
        {
            // Activity.Baggage lists the innermost activity's items first: the first value for a key wins.
            seen ??= new HashSet<string>(System.StringComparer.Ordinal);
            if (seen.Add(item.Key))
            {
                (items ??= new List<KeyValuePair<ScalarValue, LogEventPropertyValue>>())
                    .Add(new(new ScalarValue(item.Key), new ScalarValue(item.Value)));
            }
        }

        if (items is not null)
        {
            logEvent.AddPropertyIfAbsent(new LogEventProperty(BaggagePropertyName, new DictionaryValue(items)));
        }
    }
}
