using Serilog.Events;

namespace Fapilog.Serilog.AspNetCore.Tests.Support;

internal static class Events
{
    /// <summary>A scalar property's value as a string, or null when absent.</summary>
    public static string? Text(this LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) ? value is ScalarValue { Value: var v } ? v?.ToString() : value.ToString() : null;
}
