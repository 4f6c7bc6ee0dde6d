using System;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers;

/// <summary>Turns bound values into <see cref="LogEventProperty"/> objects once, at bind time.</summary>
internal static class PropertyValues
{
    // A logger with no sinks is only used for Serilog's own value conversion (scalars, collections,
    // destructuring), so bound values render exactly as they would as message-template arguments.
    // BindProperty is thread-safe: it is what every Log call does concurrently.
    private static readonly Logger s_converter = new LoggerConfiguration().CreateLogger();

    public static LogEventProperty Create(string name, object? value, bool destructureObjects = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (value is LogEventPropertyValue already)
        {
            return new LogEventProperty(name, already);
        }

        if (!s_converter.BindProperty(name, value, destructureObjects, out var property))
        {
            throw new ArgumentException($"'{name}' is not a valid property name.", nameof(name));
        }

        return property;
    }
}
