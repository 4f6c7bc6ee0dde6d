using System;
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

    /// <summary>The envelope's level name as UTF-8 bytes (the writer's fast path; same names as <see cref="EnvelopeName"/>).</summary>
    public static ReadOnlySpan<byte> EnvelopeNameUtf8(FapilogLevel level) => level switch
    {
        FapilogLevel.Verbose => "TRACE"u8,
        FapilogLevel.Debug => "DEBUG"u8,
        FapilogLevel.Information => "INFO"u8,
        FapilogLevel.Warning => "WARNING"u8,
        FapilogLevel.Error => "ERROR"u8,
        FapilogLevel.Fatal => "CRITICAL"u8,
        FapilogLevel.Audit => "AUDIT"u8,
        FapilogLevel.Security => "SECURITY"u8,
        _ => "INFO"u8,
    };
}
