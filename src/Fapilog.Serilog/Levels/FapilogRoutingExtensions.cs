using System;
using Fapilog.Serilog;
using Serilog.Configuration;
using Serilog.Events;

namespace Serilog;

/// <summary>
/// One-line routing of AUDIT and SECURITY events: to a sink of their own (an audit trail), or away from a
/// sink that should not carry them.
/// </summary>
/// <example>
/// <code>
/// .WriteTo.Fapilog(wt =&gt;
/// {
///     wt.AuditAndSecurityOnly(a =&gt; a.FapilogFile("logs/audit.jsonl", flushToDisk: true));
///     wt.ExceptAuditAndSecurity(o =&gt; o.FapilogConsole());
/// })
/// </code>
/// </example>
public static class FapilogRoutingExtensions
{
    /// <summary>Whether an event is an AUDIT or SECURITY event (for <c>Filter.ByExcluding</c> and the like).</summary>
    /// <param name="logEvent">The event.</param>
    /// <returns><see langword="true"/> for AUDIT and SECURITY events.</returns>
    public static bool IsAuditOrSecurity(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        return LevelClassifier.Classify(logEvent) >= FapilogLevel.Audit;
    }

    /// <summary>The sinks added by <paramref name="configure"/> receive only AUDIT and SECURITY events.</summary>
    /// <param name="loggerSinkConfiguration">Where the routed sinks go (<c>WriteTo</c>, or the <c>wt</c> of <c>WriteTo.Fapilog</c>).</param>
    /// <param name="configure">Adds the sinks.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration AuditAndSecurityOnly(this LoggerSinkConfiguration loggerSinkConfiguration, Action<LoggerSinkConfiguration> configure)
        => Route(loggerSinkConfiguration, configure, level => level >= FapilogLevel.Audit);

    /// <summary>The sinks added by <paramref name="configure"/> receive every event except AUDIT and SECURITY events.</summary>
    /// <param name="loggerSinkConfiguration">Where the routed sinks go (<c>WriteTo</c>, or the <c>wt</c> of <c>WriteTo.Fapilog</c>).</param>
    /// <param name="configure">Adds the sinks.</param>
    /// <returns>The logger configuration, for chaining.</returns>
    public static LoggerConfiguration ExceptAuditAndSecurity(this LoggerSinkConfiguration loggerSinkConfiguration, Action<LoggerSinkConfiguration> configure)
        => Route(loggerSinkConfiguration, configure, level => level < FapilogLevel.Audit);

    private static LoggerConfiguration Route(LoggerSinkConfiguration loggerSinkConfiguration, Action<LoggerSinkConfiguration> configure, Func<FapilogLevel, bool> include)
    {
        ArgumentNullException.ThrowIfNull(loggerSinkConfiguration);
        ArgumentNullException.ThrowIfNull(configure);
        return loggerSinkConfiguration.Sink(new LevelRoutingSink(SinkCapture.Capture(configure), include));
    }
}
