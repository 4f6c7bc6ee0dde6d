using System;
using System.Collections.Generic;
using System.Linq;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>Builds <see cref="LogEvent"/>s for tests.</summary>
internal static class Some
{
    private static readonly MessageTemplateParser Parser = new();

    public static DateTimeOffset Timestamp { get; } = new(2026, 1, 15, 10, 30, 0, 123, TimeSpan.Zero);

    public static LogEvent Event(
        LogEventLevel level = LogEventLevel.Information,
        string template = "Hello {Name}",
        Exception? exception = null,
        DateTimeOffset? timestamp = null,
        params (string Name, object? Value)[] properties)
    {
        var props = properties.Select(p => new LogEventProperty(p.Name, p.Value as LogEventPropertyValue ?? new ScalarValue(p.Value)));
        return new LogEvent(timestamp ?? Timestamp, level, exception, Parser.Parse(template), props);
    }

    public static LogEvent Numbered(int n, LogEventLevel level = LogEventLevel.Information)
        => Event(level, "Event {N}", properties: ("N", n));

    public static LogEvent Audit(int n)
        => Event(LogEventLevel.Fatal, "Audit {N}", properties: new[] { ("N", (object?)n), (FapilogProperties.Level, FapilogProperties.AuditValue) });

    public static LogEvent Security(int n)
        => Event(LogEventLevel.Fatal, "Security {N}", properties: new[] { ("N", (object?)n), (FapilogProperties.Level, FapilogProperties.SecurityValue) });

    /// <summary>The <c>N</c> property of an event built by <see cref="Numbered"/>.</summary>
    public static int NumberOf(LogEvent e) => (int)((ScalarValue)e.Properties["N"]).Value!;

    public static IReadOnlyList<LogEventProperty> Props(params (string Name, object? Value)[] properties)
        => properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value))).ToList();
}
