using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>Maps a Serilog event to its fapilog level, recognising the audit/security marker.</summary>
internal static class LevelClassifier
{
    /// <summary>
    /// Classifies an event. Only <c>Fatal</c> events pay for the dictionary look-up that finds the marker.
    /// </summary>
    public static FapilogLevel Classify(LogEvent logEvent)
    {
        switch (logEvent.Level)
        {
            case LogEventLevel.Verbose: return FapilogLevel.Verbose;
            case LogEventLevel.Debug: return FapilogLevel.Debug;
            case LogEventLevel.Information: return FapilogLevel.Information;
            case LogEventLevel.Warning: return FapilogLevel.Warning;
            case LogEventLevel.Error: return FapilogLevel.Error;
            default:
                if (logEvent.Properties.TryGetValue(FapilogProperties.Level, out var marker)
                    && marker is ScalarValue { Value: string value })
                {
                    if (ReferenceEquals(value, FapilogProperties.AuditValue) || value == FapilogProperties.AuditValue)
                    {
                        return FapilogLevel.Audit;
                    }

                    if (ReferenceEquals(value, FapilogProperties.SecurityValue) || value == FapilogProperties.SecurityValue)
                    {
                        return FapilogLevel.Security;
                    }
                }

                return FapilogLevel.Fatal;
        }
    }

    /// <summary>The envelope's level name.</summary>
    public static string EnvelopeName(FapilogLevel level) => level switch
    {
        FapilogLevel.Verbose => "TRACE",
        FapilogLevel.Debug => "DEBUG",
        FapilogLevel.Information => "INFO",
        FapilogLevel.Warning => "WARNING",
        FapilogLevel.Error => "ERROR",
        FapilogLevel.Fatal => "CRITICAL",
        FapilogLevel.Audit => "AUDIT",
        FapilogLevel.Security => "SECURITY",
        _ => "INFO",
    };
}
