using System;
using Fapilog.Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Serilog;

/// <summary>
/// <c>Audit(...)</c> and <c>Security(...)</c>: fapilog's levels above <c>Fatal</c>, on any Serilog
/// <see cref="ILogger"/> (<c>Log.Logger</c>, <c>Log.ForContext&lt;T&gt;()</c>, an injected logger).
/// </summary>
/// <remarks>
/// The event is written at <see cref="LogEventLevel.Fatal"/>, the only Serilog level that passes every
/// minimum-level gate short of <c>Off</c>, and carries the <see cref="FapilogProperties.Level"/> marker
/// (<c>"AUDIT"</c> or <c>"SECURITY"</c>). Fapilog formatters show <c>AUDIT</c>/<c>SECURITY</c>; other sinks
/// show <c>Fatal</c> with a <c>FapilogLevel</c> property. The pipeline protects both by default.
/// </remarks>
public static class FapilogLoggerExtensions
{
    private static readonly ILogEventEnricher AuditMarker = new LevelMarker(FapilogProperties.AuditValue);
    private static readonly ILogEventEnricher SecurityMarker = new LevelMarker(FapilogProperties.SecurityValue);

    /// <summary>Writes an AUDIT event: a compliance or accountability record.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="messageTemplate">A Serilog message template.</param>
    /// <param name="propertyValues">Values for the template's properties.</param>
    public static void Audit(this ILogger logger, string messageTemplate, params object?[]? propertyValues)
        => Write(logger, AuditMarker, null, messageTemplate, propertyValues);

    /// <summary>Writes an AUDIT event with an exception.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="exception">The exception to attach.</param>
    /// <param name="messageTemplate">A Serilog message template.</param>
    /// <param name="propertyValues">Values for the template's properties.</param>
    public static void Audit(this ILogger logger, Exception? exception, string messageTemplate, params object?[]? propertyValues)
        => Write(logger, AuditMarker, exception, messageTemplate, propertyValues);

    /// <summary>Writes a SECURITY event: something security-relevant happened.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="messageTemplate">A Serilog message template.</param>
    /// <param name="propertyValues">Values for the template's properties.</param>
    public static void Security(this ILogger logger, string messageTemplate, params object?[]? propertyValues)
        => Write(logger, SecurityMarker, null, messageTemplate, propertyValues);

    /// <summary>Writes a SECURITY event with an exception.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="exception">The exception to attach.</param>
    /// <param name="messageTemplate">A Serilog message template.</param>
    /// <param name="propertyValues">Values for the template's properties.</param>
    public static void Security(this ILogger logger, Exception? exception, string messageTemplate, params object?[]? propertyValues)
        => Write(logger, SecurityMarker, exception, messageTemplate, propertyValues);

    private static void Write(ILogger logger, ILogEventEnricher marker, Exception? exception, string messageTemplate, object?[]? propertyValues)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (!logger.IsEnabled(LogEventLevel.Fatal))
        {
            return;
        }

        // ForContext keeps everything Serilog does for an ordinary call (trace/span capture, enrichers,
        // filters, destructuring); the marker enricher runs last and reuses one cached property.
        logger.ForContext(marker).Write(LogEventLevel.Fatal, exception, messageTemplate, propertyValues);
    }

    private sealed class LevelMarker : ILogEventEnricher
    {
        private readonly LogEventProperty _property;

        public LevelMarker(string value) => _property = new LogEventProperty(FapilogProperties.Level, new ScalarValue(value));

        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) => logEvent.AddOrUpdateProperty(_property);
    }
}
