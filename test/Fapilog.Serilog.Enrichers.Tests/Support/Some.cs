using System;
using System.Collections.Generic;
using System.Linq;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Enrichers.Tests.Support;

/// <summary>Builds <see cref="LogEvent"/>s and reads their properties.</summary>
internal static class Some
{
    private static readonly MessageTemplateParser Parser = new();

    public static LogEvent Event(params (string Name, object? Value)[] properties)
    {
        var props = properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value)));
        return new LogEvent(new DateTimeOffset(2026, 1, 15, 10, 30, 0, TimeSpan.Zero), LogEventLevel.Information, null, Parser.Parse("Hello"), props);
    }

    /// <summary>A fresh event enriched by <paramref name="enricher"/>.</summary>
    public static LogEvent EnrichedBy(ILogEventEnricher enricher, params (string Name, object? Value)[] properties)
    {
        var logEvent = Event(properties);
        enricher.Enrich(logEvent, NoFactory.Instance);
        return logEvent;
    }

    /// <summary>The scalar value of <paramref name="name"/>, or <see langword="null"/> when absent.</summary>
    public static object? Scalar(LogEvent logEvent, string name)
        => logEvent.Properties.TryGetValue(name, out var value) ? ((ScalarValue)value).Value : null;

    public static IReadOnlyDictionary<string, object?> Scalars(LogEvent logEvent)
        => logEvent.Properties.Where(p => p.Value is ScalarValue).ToDictionary(p => p.Key, p => ((ScalarValue)p.Value).Value);

    /// <summary>The enrichers under test never need the factory; fail loudly if one starts using it.</summary>
    private sealed class NoFactory : ILogEventPropertyFactory
    {
        public static readonly NoFactory Instance = new();

        public LogEventProperty CreateProperty(string name, object? value, bool destructureObjects = false)
            => throw new InvalidOperationException("The enricher should not create properties per event.");
    }
}
